"""Every browser page (frontend/views/, one module per audience), included by config/urls.py
at the root after the domain apps' JSON URLs. Two namespaces: `frontend` and `exhibition`
(the exhibition pages, whose `exhibition/<hall slug>/` catches any single path segment and
so comes last)."""

from django.urls import include, path

from frontend.views import (
    accounts,
    accounts_activation,
    agenda,
    booth,
    console,
    exhibition,
    exhibitor,
    exhibitor_content,
    libraries,
    meetings,
    networking,
    notifications,
    organisations,
    organizer,
    programme,
    rooms,
    search,
)

pages = [
    path("", programme.programme, name="programme"),
    path("rooms/<slug:slug>/", rooms.room, name="room"),
    path("agenda/", agenda.my_agenda, name="agenda"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/preferences/", notifications.preferences, name="notification-preferences"),
    # Console (moderators), exhibitor and organizer pages: docs/console.md
    path("console/", console.console_index, name="console"),
    path("console/rooms/<slug:slug>/", console.console_room, name="console-room"),
    path("exhibitor/", exhibitor.exhibitor_home, name="exhibitor"),
    path("exhibitor/applications/<int:pk>/", exhibitor.exhibitor_application, name="exhibitor-application"),
    path("exhibitor/organisations/<int:org_id>/", exhibitor.exhibitor_organisation, name="exhibitor-org"),
    path("exhibitor/booths/<int:pk>/content/", exhibitor_content.content_editor, name="content-editor"),
    path("organizer/", organizer.organizer_home, name="organizer"),
    path("search/", search.search_page, name="search"),
    # 我要参展: organisations register, organizers verify, admins invite (docs/organisations.md)
    path("exhibitor/register/", organisations.register, name="organisation-register"),
    path("exhibitor/organisations/<int:org_id>/team/", organisations.organisation_admin, name="organisation-admin"),
    path("organisations/invitations/<str:token>/", organisations.invitation, name="organisation-invitation"),
    path("organizer/organisations/", organisations.verification_queue, name="organizer-organisations"),
    # Scheduled meetings: docs/meetings.md
    path("meetings/", meetings.my_meetings, name="meetings"),
    path("meetings/new/", meetings.request_form, name="meeting-request"),
    path("meetings/availability/", meetings.availability_page, name="meeting-availability"),
    path("meetings/<int:pk>/", meetings.meeting_page, name="meeting"),
    # Networking: docs/networking.md
    path("networking/", networking.directory_page, name="networking"),
    path("networking/people/<int:user_id>/", networking.person_page, name="networking-person"),
    path("networking/cards/", networking.cards_page, name="networking-cards"),
    path("networking/messages/", networking.conversations_page, name="networking-messages"),
    path("networking/messages/<int:user_id>/", networking.conversation_page, name="networking-conversation"),
    # A person's own pages (docs/accounts.md); sign-up and login are allauth's under /accounts/.
    path("me/profile/", accounts.profile_edit, name="profile"),
    path("accounts/activate/<str:uidb64>/<str:token>/", accounts_activation.activate, name="account-activate"),
    path("me/privacy/", accounts.privacy_page, name="privacy"),
    path("me/privacy/download/", accounts.download_data, name="privacy-download"),
    path("me/privacy/delete/", accounts.delete_my_account, name="privacy-delete"),
    path("people/<int:user_id>/", accounts.person, name="person"),
    path("privacy/", accounts.privacy_terms, name="privacy_terms"),
    path("exhibition/scenes/view/<slug:slug>/", exhibition.scene_viewer, name="scene-viewer"),
    # npm builds (frontend/views/libraries.py), one route per package.
    *(
        path(
            f"{library.url}<str:name>", libraries.node_library, {"package": package}, name=libraries.route_name(package)
        )
        for package, library in libraries.NODE_LIBRARIES.items()
    ),
]

exhibition_pages = [
    path("exhibition/", exhibition.exhibition_index, name="index"),
    path("exhibition/booths/<int:pk>/", booth.booth_page, name="booth"),
    path("exhibition/<slug:slug>/", exhibition.hall_page, name="hall"),
    path("exhibition/<slug:slug>/list/", exhibition.hall_list_page, name="hall-list"),
]

from frontend import urls_activities, urls_competition, urls_matchmaking, urls_recruitment  # noqa: E402 - after `pages`, whose names they share

pages += urls_recruitment.pages + urls_matchmaking.pages + urls_activities.pages + urls_competition.pages

urlpatterns = [
    path("", include((pages, "frontend"))),
    path("", include((exhibition_pages, "exhibition"))),
]
