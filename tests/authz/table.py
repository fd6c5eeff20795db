"""THE authorization table: every HTTP endpoint of the site (method and route, as the URL
resolver writes it, so it survives views moving between modules), and the status each
role gets. Columns, in this order (tests/authz/world.py builds one person of each):

    guest  attendee  other_staff  own_staff  moderator  organizer  removed  banned

`own_staff` is staff of the organisation that owns the booth, application, leads and call
request the URL names; `other_staff` of another exhibitor; `removed` was staff of the
owner until the membership was deleted; `banned` is a deactivated account (its session no
longer logs it in); `moderator` moderates the conference's stage rooms. Writes are sent
with an empty JSON body, so a role that is let through may still get 400 (its input), and
run in a transaction that is rolled back. A route without a row fails the test.
"""

from __future__ import annotations

#        guest att  oth  own  mod  org  rem  ban
PUBLIC = "200 200 200 200 200 200 200 200"
LOGGED_IN = "401 200 200 200 200 200 200 401"
BOOTH_STAFF = "401 403 403 200 403 200 403 401"  # the booth's staff and the organizers
EXHIBITOR_ONLY = "401 403 403 200 403 403 403 401"  # leads belong to the exhibitor alone
ORGANIZERS = "401 403 403 403 403 200 403 401"
APPLICANT = "401 404 404 200 404 200 404 401"  # another's application does not exist for you
ORG_ADMIN = "401 403 403 200 403 403 403 401"  # the organisation's admins only
ORG_ADMIN_400 = "401 403 403 400 403 403 403 401"  # ... who get as far as their (empty) input
PAGE_LOGIN = "302"  # a page sends a guest to the log-in page

TABLE: dict[tuple[str, str], str] = {
    # ---- programme and rooms (streams, live): public reads
    ("GET", ""): PUBLIC,
    ("GET", "api/openapi.json"): PUBLIC,
    ("GET", "api/docs"): PUBLIC,
    ("GET", "api/events/"): PUBLIC,
    ("GET", "api/events/<slug>/programme"): PUBLIC,
    ("GET", "api/sessions/<session_id>"): PUBLIC,
    ("GET", "api/rooms/<slug>"): PUBLIC,
    ("GET", "api/rooms/<slug>/history"): PUBLIC,
    ("GET", "api/rooms/<slug>/stage"): PUBLIC,
    ("GET", "api/rooms/<slug>/recordings"): PUBLIC,
    # ---- search: public; without q everyone gets the same 400 (what each may find: tests/search)
    ("GET", "api/search"): "400 400 400 400 400 400 400 400",
    ("GET", "search/"): PUBLIC,
    ("GET", "rooms/<slug:slug>/"): PUBLIC,
    ("GET", "streams/hls/<str:room_slug>/<str:run_id>/<str:name>"): "404 404 404 404 404 404 404 404",
    ("GET", "streams/hls/<str:room_slug>/<str:run_id>/<str:variant>/<str:name>"): "404 404 404 404 404 404 404 404",
    ("GET", "lib/hls.js/<str:name>"): "404 404 404 404 404 404 404 404",
    # ---- console: every logged-in person has one (their own rooms); a stage room's only for its moderators
    ("GET", "console/"): "302 200 200 200 200 200 200 302",
    ("GET", "console/rooms/<slug:slug>/"): "302 403 403 403 200 200 403 302",
    # ---- exhibition: public
    ("GET", "exhibition/"): "302 302 302 302 302 302 302 302",  # to the (only) hall
    ("GET", "exhibition/<slug:slug>/"): PUBLIC,
    ("GET", "exhibition/<slug:slug>/list/"): PUBLIC,
    ("GET", "exhibition/booths/<int:pk>/"): PUBLIC,
    ("GET", "exhibition/api/halls/<slug:slug>/"): PUBLIC,
    ("GET", "exhibition/api/booths/<int:pk>/content/"): PUBLIC,
    ("GET", "exhibition/scenes/hall/<slug:slug>.json"): PUBLIC,
    ("GET", "exhibition/scenes/booth/<int:pk>.json"): PUBLIC,
    ("GET", "exhibition/scenes/hall/<slug:slug>/zone/<int:zone_id>.json"): PUBLIC,
    ("GET", "exhibition/scenes/view/<slug:slug>/"): PUBLIC,
    ("GET", "exhibition/scenes/lib/three/<str:name>"): "404 404 404 404 404 404 404 404",
    ("GET", "exhibition/media/<path:name>"): "404 404 404 404 404 404 404 404",
    # ---- visitors' writes: anyone logged in (empty body: 400, consent missing)
    ("POST", "exhibition/api/booths/<int:pk>/contact/"): "401 400 400 400 400 400 400 401",
    ("POST", "exhibition/api/booths/<int:pk>/call-request/"): "401 400 400 400 400 400 400 401",
    # ---- exhibitor flow
    ("GET", "exhibition/api/applications/"): LOGGED_IN,  # each sees their organisations' own
    ("POST", "exhibition/api/applications/"): "401 400 400 400 400 400 400 401",
    ("GET", "exhibition/api/applications/<int:pk>/"): APPLICANT,
    ("GET", "exhibition/api/applications/<int:pk>/confirmation/"): APPLICANT,
    ("POST", "exhibition/api/applications/<int:pk>/signed-confirmation/"): "401 404 404 400 404 400 404 401",
    ("GET", "exhibitor/"): "302 403 200 200 403 403 403 302",  # staff of some organisation
    ("GET", "exhibitor/applications/<int:pk>/"): "302 404 404 200 404 200 404 302",
    ("GET", "exhibitor/organisations/<int:org_id>/"): "302 403 403 200 403 403 403 302",
    ("GET", "exhibitor/booths/<int:pk>/content/"): "302 403 403 200 403 200 403 302",
    ("POST", "exhibitor/booths/<int:pk>/content/"): "302 403 403 400 403 400 403 302",
    # ---- 我要参展 (docs/organisations.md): own_staff administers its organisation; the
    # organizers see every one but act as no organisation's admin. "ours" is verified already.
    ("GET", "exhibition/api/organisations/"): LOGGED_IN,  # each their own
    ("POST", "exhibition/api/organisations/"): "401 400 400 400 400 400 400 401",  # fields missing
    ("GET", "exhibition/api/organisations/<int:org_id>/"): "401 403 403 200 403 200 403 401",
    ("POST", "exhibition/api/organisations/<int:org_id>/registration/"): ORG_ADMIN_400,  # already verified
    ("POST", "exhibition/api/organisations/<int:org_id>/invitations/"): ORG_ADMIN_400,  # no e-mail
    ("DELETE", "exhibition/api/organisations/<int:org_id>/invitations/<int:invitation_id>/"): ORG_ADMIN,
    ("POST", "exhibition/api/organisations/<int:org_id>/members/<int:user_id>/"): ORG_ADMIN_400,  # no role
    ("DELETE", "exhibition/api/organisations/<int:org_id>/members/<int:user_id>/"): "401 403 403 204 403 403 403 401",
    ("POST", "exhibition/api/organisations/invitations/accept/"): "401 400 400 400 400 400 400 401",  # no token
    ("GET", "exhibition/api/review/organisations/"): ORGANIZERS,
    ("POST", "exhibition/api/review/organisations/<int:org_id>/verify/"): "401 403 403 403 403 400 403 401",
    ("POST", "exhibition/api/review/organisations/<int:org_id>/reject/"): "401 403 403 403 403 400 403 401",
    ("GET", "exhibitor/register/"): "302 200 200 200 200 200 200 302",
    ("POST", "exhibitor/register/"): "302 400 400 400 400 400 400 302",
    ("GET", "exhibitor/organisations/<int:org_id>/team/"): "302 403 403 200 403 200 403 302",
    ("POST", "exhibitor/organisations/<int:org_id>/team/"): "302 403 403 400 403 400 403 302",  # no action
    ("GET", "organisations/invitations/<str:token>/"): "302 404 404 404 404 404 404 302",
    ("GET", "organizer/organisations/"): "302 403 403 403 403 200 403 302",
    ("POST", "organizer/organisations/"): "302 403 403 403 403 404 403 302",  # no organisation named
    # ---- leads and call requests: the exhibitor's own
    ("GET", "exhibition/api/organisations/<int:org_id>/leads/"): EXHIBITOR_ONLY,
    ("GET", "exhibition/api/organisations/<int:org_id>/leads.csv"): EXHIBITOR_ONLY,
    ("GET", "exhibition/api/organisations/<int:org_id>/leads.xlsx"): EXHIBITOR_ONLY,
    ("GET", "exhibition/api/organisations/<int:org_id>/call-requests/"): EXHIBITOR_ONLY,
    ("POST", "exhibition/api/leads/<int:pk>/category/"): "401 404 404 400 404 404 404 401",
    ("POST", "exhibition/api/call-requests/<int:pk>/status/"): "401 404 404 400 404 404 404 401",
    ("GET", "exhibition/api/booths/<int:pk>/stats/"): BOOTH_STAFF,
    # ---- booth content: the booth's staff and the organizers
    ("GET", "exhibition/api/booths/<int:pk>/content/edit/"): BOOTH_STAFF,
    ("POST", "exhibition/api/booths/<int:pk>/content/<kind>/"): "401 403 403 400 403 400 403 401",
    ("POST", "exhibition/api/booths/<int:pk>/content/<kind>/order/"): "401 403 403 400 403 400 403 401",
    ("GET", "exhibition/api/booths/<int:pk>/content/<kind>/<int:item_id>/"): BOOTH_STAFF,
    ("POST", "exhibition/api/booths/<int:pk>/content/<kind>/<int:item_id>/"): BOOTH_STAFF,
    ("PATCH", "exhibition/api/booths/<int:pk>/content/<kind>/<int:item_id>/"): BOOTH_STAFF,
    ("DELETE", "exhibition/api/booths/<int:pk>/content/<kind>/<int:item_id>/"): BOOTH_STAFF,
    ("POST", "exhibition/api/booths/<int:pk>/content/<kind>/<int:item_id>/delete/"): BOOTH_STAFF,
    # ---- organizers
    ("GET", "organizer/"): "302 403 403 403 403 200 403 302",
    ("GET", "exhibition/api/halls/<slug:slug>/overview/"): ORGANIZERS,
    ("GET", "exhibition/api/review/applications/"): ORGANIZERS,
    ("POST", "exhibition/api/review/applications/<int:pk>/approve/"): "401 403 403 403 403 400 403 401",
    ("POST", "exhibition/api/review/applications/<int:pk>/reject/"): "401 403 403 403 403 400 403 401",
    ("POST", "exhibition/api/review/applications/<int:pk>/go-live/"): "401 403 403 403 403 400 403 401",
    ("GET", "exhibition/api/review/applications/<int:pk>/signed-confirmation/"): ORGANIZERS,
    # ---- networking: logged-in people, each their own cards and conversations (another's
    # exchange does not exist for you; the world's ids name no listed person)
    ("GET", "api/networking/directory"): LOGGED_IN,
    ("GET", "api/networking/people/<int:user_id>"): "401 404 404 404 404 404 404 401",
    ("GET", "api/networking/cards"): LOGGED_IN,
    ("POST", "api/networking/cards"): "401 422 422 422 422 422 422 401",
    ("POST", "api/networking/cards/<int:pk>/accept"): "401 404 404 404 404 404 404 401",
    ("POST", "api/networking/cards/<int:pk>/decline"): "401 404 404 404 404 404 404 401",
    ("POST", "api/networking/cards/<int:pk>/withdraw"): "401 404 404 404 404 404 404 401",
    ("GET", "api/networking/blocks"): LOGGED_IN,
    ("POST", "api/networking/blocks"): "401 422 422 422 422 422 422 401",
    ("DELETE", "api/networking/blocks/<int:user_id>"): "401 204 204 204 204 204 204 401",
    ("GET", "api/networking/messages"): LOGGED_IN,
    ("POST", "api/networking/messages"): "401 422 422 422 422 422 422 401",
    # ---- personal agenda: each person's own (the rolled-back PUT is always a new bookmark)
    ("GET", "agenda/"): "302 200 200 200 200 200 200 302",
    ("GET", "api/agenda/"): LOGGED_IN,
    ("GET", "api/agenda/bookmarks"): LOGGED_IN,
    ("PUT", "api/agenda/bookmarks/<session_id>"): "401 201 201 201 201 201 201 401",
    ("DELETE", "api/agenda/bookmarks/<session_id>"): LOGGED_IN,
    ("GET", "api/agenda/settings"): LOGGED_IN,
    ("PATCH", "api/agenda/settings"): "401 422 422 422 422 422 422 401",  # empty body
    ("POST", "api/agenda/feed/rotate"): LOGGED_IN,
    ("GET", "api/agenda/sessions/<session_id>.ics"): PUBLIC,
    ("GET", "api/agenda/feed/<token>.ics"): "404 404 404 404 404 404 404 404",  # by its secret only
    # ---- notifications: each person's own (the world's booth id names no one's notification)
    ("GET", "notifications/"): "302 200 200 200 200 200 200 302",
    ("GET", "notifications/preferences/"): "302 200 200 200 200 200 200 302",
    ("POST", "notifications/preferences/"): "302 400 400 400 400 400 400 302",  # empty form
    ("GET", "api/notifications"): LOGGED_IN,
    ("GET", "api/notifications/unread"): LOGGED_IN,
    ("POST", "api/notifications/read"): "401 422 422 422 422 422 422 401",  # empty body
    ("POST", "api/notifications/<int:pk>/read"): "401 404 404 404 404 404 404 401",
    ("POST", "api/notifications/read-all"): LOGGED_IN,
    ("GET", "api/notifications/preferences"): LOGGED_IN,
    ("POST", "api/notifications/preferences"): "401 422 422 422 422 422 422 401",
    # ---- meetings: logged-in people, each their own meetings (another's does not exist: 404)
    ("GET", "api/meetings/"): LOGGED_IN,
    ("POST", "api/meetings/"): "401 422 422 422 422 422 422 401",
    ("GET", "api/meetings/availability"): LOGGED_IN,
    ("PUT", "api/meetings/availability"): "401 422 422 422 422 422 422 401",
    ("GET", "api/meetings/people"): LOGGED_IN,
    ("GET", "api/meetings/<int:pk>"): "401 404 404 404 404 404 404 401",
    ("GET", "api/meetings/<int:pk>/ics"): "401 404 404 404 404 404 404 401",
    ("POST", "api/meetings/<int:pk>/accept"): "401 404 404 404 404 404 404 401",
    ("POST", "api/meetings/<int:pk>/decline"): "401 404 404 404 404 404 404 401",
    ("POST", "api/meetings/<int:pk>/propose"): "401 422 422 422 422 422 422 401",
    ("POST", "api/meetings/<int:pk>/reschedule"): "401 422 422 422 422 422 422 401",
    ("POST", "api/meetings/<int:pk>/cancel"): "401 404 404 404 404 404 404 401",
    ("GET", "meetings/"): "302 200 200 200 200 200 200 302",
    ("GET", "meetings/new/"): "302 200 200 200 200 200 200 302",
    ("GET", "meetings/availability/"): "302 200 200 200 200 200 200 302",
    ("GET", "meetings/<int:pk>/"): "302 404 404 404 404 404 404 302",
    ("GET", "networking/"): "302 200 200 200 200 200 200 302",
    ("GET", "networking/people/<int:user_id>/"): "302 404 404 404 404 404 404 302",
    ("GET", "networking/cards/"): "302 200 200 200 200 200 200 302",
    ("GET", "networking/messages/"): "302 200 200 200 200 200 200 302",
    ("GET", "networking/messages/<int:user_id>/"): "302 403 403 403 403 403 403 302",  # nobody reachable
    # ---- accounts: one's own profile and data (an empty PATCH changes nothing); anyone's
    # profile as the viewer may see it (the world's ids name nobody); the taxonomy is public
    ("GET", "api/accounts/me/profile"): LOGGED_IN,
    ("PATCH", "api/accounts/me/profile"): LOGGED_IN,
    ("POST", "api/accounts/me/photo"): "401 422 422 422 422 422 422 401",
    ("DELETE", "api/accounts/me/photo"): LOGGED_IN,
    ("GET", "api/accounts/people/<int:user_id>"): "404 404 404 404 404 404 404 404",
    ("GET", "api/accounts/interests"): PUBLIC,
    ("GET", "api/accounts/me/export"): LOGGED_IN,
    ("POST", "api/accounts/me/delete"): "401 422 422 422 422 422 422 401",
    ("GET", "me/profile/"): "302 200 200 200 200 200 200 302",
    ("POST", "me/profile/"): "302 200 200 200 200 200 200 302",  # an empty form: shown again with its errors
    ("GET", "me/privacy/"): "302 200 200 200 200 200 200 302",
    ("GET", "me/privacy/download/"): "302 200 200 200 200 200 200 302",
    ("POST", "me/privacy/delete/"): "302 302 302 302 302 302 302 302",  # unconfirmed: back to the page
    ("GET", "people/<int:user_id>/"): "404 404 404 404 404 404 404 404",
    ("GET", "privacy/"): PUBLIC,
}


# ---- the socket: every command of live.registry.COMMANDS (frames in tests/authz/socket_frames.py,
# sent in this order on one socket per role that joined the stage room), "ok" for an ack,
# else the error code. The stage room is public; ids name nothing (not_found once allowed).
# Columns as above: guest attendee other_staff own_staff moderator organizer removed banned.
MODERATORS_PAST_THE_RIGHT = (
    "auth_required forbidden forbidden forbidden invalid_state invalid_state forbidden auth_required"
)
ALREADY_AUTHENTICATED = "auth_failed " + "invalid_state " * 6 + "auth_failed"  # a token on a cookie-logged socket
ONLY_IN_ONES_INBOX = "auth_required " + "forbidden " * 6 + "auth_required"
NO_SUCH_PEER = " ".join(["not_found"] * 8)
SOCKET_TABLE: dict[str, str] = {
    "auth": ALREADY_AUTHENTICATED,
    "ping": "ok ok ok ok ok ok ok ok",
    "room.join": "ok ok ok ok ok ok ok ok",
    "room.history": "ok ok ok ok ok ok ok ok",
    "chat.send": "auth_required ok ok ok ok ok ok auth_required",
    "chat.delete": "auth_required not_found not_found not_found not_found not_found not_found auth_required",
    "chat.react": "auth_required not_found not_found not_found not_found not_found not_found auth_required",
    "qa.ask": "auth_required ok ok ok ok ok ok auth_required",
    "qa.upvote": "auth_required not_found not_found not_found not_found not_found not_found auth_required",
    "qa.moderate": "auth_required forbidden forbidden forbidden not_found not_found forbidden auth_required",
    "poll.create": "auth_required forbidden forbidden forbidden ok ok forbidden auth_required",
    "poll.open": "auth_required forbidden forbidden forbidden not_found not_found forbidden auth_required",
    "poll.close": "auth_required forbidden forbidden forbidden not_found not_found forbidden auth_required",
    "poll.vote": "auth_required not_found not_found not_found not_found not_found not_found auth_required",
    "mod.mute": "auth_required forbidden forbidden forbidden ok ok forbidden auth_required",
    "mod.unmute": "auth_required forbidden forbidden forbidden ok ok forbidden auth_required",
    "mod.ban": "auth_required forbidden forbidden forbidden ok ok forbidden auth_required",
    "mod.unban": "auth_required forbidden forbidden forbidden ok ok forbidden auth_required",
    "mod.slow_mode": "auth_required forbidden forbidden forbidden ok ok forbidden auth_required",
    "mod.lock": "auth_required forbidden forbidden forbidden ok ok forbidden auth_required",
    "mod.word_filter": "auth_required forbidden forbidden forbidden ok ok forbidden auth_required",
    "mod.audit_log": "auth_required forbidden forbidden forbidden ok ok forbidden auth_required",
    "stage.get": "ok ok ok ok ok ok ok ok",
    "stage.set_state": MODERATORS_PAST_THE_RIGHT,
    "stage.react": "auth_required ok ok ok ok ok ok auth_required",
    "rtc.publish": "auth_required forbidden forbidden forbidden invalid_fields invalid_fields forbidden auth_required",
    "rtc.ice": NO_SUCH_PEER,
    # The stage is not live: only its moderators get as far as the (unknown) publisher.
    "rtc.subscribe": "invalid_state " * 4 + "not_found not_found invalid_state invalid_state",
    "rtc.answer": NO_SUCH_PEER,
    "rtc.language": NO_SUCH_PEER,  # only one's own viewer connection can be switched
    "rtc.unpublish": "auth_required not_found not_found not_found not_found not_found not_found auth_required",
    "rtc.leave": NO_SUCH_PEER,
    # only in one's own inbox room: the stage room is none
    "notification.mark_read": ONLY_IN_ONES_INBOX,
    "notification.mark_all_read": ONLY_IN_ONES_INBOX,
    "call.request": "auth_required not_found not_found not_found not_found not_found not_found auth_required",
    "call.accept": "auth_required not_found not_found not_found not_found not_found not_found auth_required",
    "call.decline": "auth_required not_found not_found not_found not_found not_found not_found auth_required",
    "call.cancel": "auth_required not_found not_found not_found not_found not_found not_found auth_required",
    "call.hangup": "auth_required not_found not_found not_found not_found not_found not_found auth_required",
    "call.invite": "auth_required not_found not_found not_found not_found not_found not_found auth_required",
    "call.signal": "auth_required not_found not_found not_found not_found not_found not_found auth_required",
    # A meeting nobody of these takes part in: not_found (meetings.handlers).
    "meeting.join": "auth_required not_found not_found not_found not_found not_found not_found auth_required",
    "room.leave": "ok ok ok ok ok ok ok ok",
}


def _merge_app_rows() -> None:
    # The newer apps keep their rows in tests/authz/rows_<app>.py (they import the shorthands
    # above); a route or command listed twice is a mistake to fix, not to overwrite.
    from tests.authz import (
        rows_activities,
        rows_competition,
        rows_matchmaking,
        rows_recruitment,
        rows_simulive,
        rows_translation,
    )

    for rows in (
        rows_recruitment,
        rows_matchmaking,
        rows_translation,
        rows_activities,
        rows_competition,
        rows_simulive,
    ):
        for table, extra in ((TABLE, rows.ROUTES), (SOCKET_TABLE, rows.SOCKET)):
            twice = set(table) & set(extra)
            assert not twice, f"{rows.__name__} repeats rows of the table: {sorted(twice)}"
            table.update(extra)


_merge_app_rows()
