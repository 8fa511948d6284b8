from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from identification.access import clients_for_user


@login_required
def home(request):
    clients = clients_for_user(request.user).prefetch_related("studies")
    return render(request, "identification/home.html", {"clients": clients})
