"""The client's list of influencer categories, and its editor for analysts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from identification.access import (
    EDIT_EVIDENCE_ROLES,
    can_edit_evidence,
    get_client_for_user,
    get_for_user,
    require_role,
)
from identification.forms.categories import CategoryDeleteForm, CategoryForm, CategoryMoveForm
from identification.forms.errors import add_service_errors
from identification.models import Category
from identification.selectors.categories import category_list
from identification.services.categories import (
    create_category,
    delete_category,
    move_category,
    update_category,
)
from identification.templatetags.counting import counted


def _category_for_analyst(request, client_slug, pk) -> Category:
    queryset = Category.objects.filter(client__slug=client_slug).select_related("client")
    category = get_for_user(queryset, request.user, client_path="client", pk=pk)
    require_role(request.user, category.client, EDIT_EVIDENCE_ROLES)
    return category


def _back_to_list(category: Category):
    return redirect("identification:category_list", category.client.slug)


@login_required
def category_index(request, client_slug):
    client = get_client_for_user(request.user, client_slug)
    return render(
        request,
        "identification/category_list.html",
        {
            "client": client,
            "categories": category_list(client=client),
            "can_edit": can_edit_evidence(request.user, client),
        },
    )


def _category_page(request, *, client, category=None):
    initial = CategoryForm.initial_for(category) if category else None
    form = CategoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if category is None:
                category = create_category(client=client, **form.cleaned_data)
            else:
                update_category(category=category, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Category “{category.name}” saved.")
            return redirect("identification:category_list", client.slug)
    return render(
        request,
        "identification/category_form.html",
        {"client": client, "category": category, "form": form},
    )


@login_required
def category_create(request, client_slug):
    client = get_client_for_user(request.user, client_slug)
    require_role(request.user, client, EDIT_EVIDENCE_ROLES)
    return _category_page(request, client=client)


@login_required
def category_edit(request, client_slug, pk):
    category = _category_for_analyst(request, client_slug, pk)
    return _category_page(request, client=category.client, category=category)


@login_required
@require_POST
def category_move(request, client_slug, pk):
    category = _category_for_analyst(request, client_slug, pk)
    form = CategoryMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say whether to move the category up or down.")
        return _back_to_list(category)
    try:
        move_category(category=category, by=form.step())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back_to_list(category)


@login_required
def category_delete(request, client_slug, pk):
    """GET confirms (and asks where its influencers go, if any); POST deletes."""
    category = _category_for_analyst(request, client_slug, pk)
    in_use = category.influencers.count()
    data = request.POST if request.method == "POST" else None
    form = CategoryDeleteForm(data, category=category, in_use=in_use)
    if data is not None and form.is_valid():
        try:
            moved = delete_category(category=category, move_to=form.cleaned_data.get("move_to"))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            moved_note = f" {counted(moved, 'influencer')} moved." if moved else ""
            messages.success(request, f"Category “{category.name}” deleted.{moved_note}")
            return _back_to_list(category)
    return render(
        request,
        "identification/category_confirm_delete.html",
        {"client": category.client, "category": category, "in_use": in_use, "form": form},
    )
