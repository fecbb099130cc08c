"""The admin's people screens: add, edit, invite, deactivate, import.

They live in accounts, not people, because inviting someone is a sign-in
matter and people sits below accounts; the addresses stay under /people/.
"""

from django.urls import path

from showup.accounts import admin_views, import_views

app_name = "people_admin"

urlpatterns = [
    path("manage/", admin_views.manage, name="manage"),
    path("manage/new/", admin_views.person_new, name="new"),
    path("manage/invite-pending/", admin_views.invite_pending, name="invite-pending"),
    path("manage/<id:person_id>/", admin_views.person_edit, name="edit"),
    path("manage/<id:person_id>/deactivate/", admin_views.person_deactivate, name="deactivate"),
    path("manage/<id:person_id>/reactivate/", admin_views.person_reactivate, name="reactivate"),
    path("manage/<id:person_id>/invite/", admin_views.person_invite, name="invite"),
    path("import/", import_views.import_upload, name="import"),
    path("import/apply/", import_views.import_apply, name="import-apply"),
]
