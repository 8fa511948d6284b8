from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from identification.selectors.studies import clients_with_studies


@login_required
def home(request):
    clients = clients_with_studies(user=request.user)
    return render(request, "identification/home.html", {"clients": clients})
