"""Strings the browser modules show, translated on the server and handed to the page as a
JSON table (json_script): the JS never carries its own catalogue."""

from __future__ import annotations

from django.utils.translation import gettext as _


def stage_strings() -> dict[str, str]:
    return {
        "state_scheduled": _("Scheduled"),
        "state_live": _("Live"),
        "state_paused": _("Paused"),
        "state_ended": _("Ended"),
        "starts_at": _("Starts at %(time)s"),
        "waiting": _("The stage has not started yet."),
        "paused": _("The stream is paused; it will be back shortly."),
        "ended": _("The stage has ended."),
        "no_video": _("Live: waiting for the speakers' video…"),
        "connecting_video": _("Connecting the video…"),
        "video_failed": _("The video could not be played: %(reason)s"),
        "playing_hls": _("Playing the broadcast stream (HLS)."),
        "video_of": _("Video of %(name)s"),
        "unmute_sound": _("Turn sound on"),
        "mute_sound": _("Turn sound off"),
        "react": _("React with %(emoji)s"),
        "reactions_now": _("Reactions: %(summary)s"),
        "jobs": _("Jobs on this stage"),
        "apply": _("Apply"),
        "recordings": _("Recordings"),
        "recording_from": _("Recording from %(start)s to %(end)s"),
        "camera_on": _("Start camera"),
        "camera_off": _("Stop camera"),
        "publish": _("Publish"),
        "publishing": _("Publishing"),
        "stop_publishing": _("Stop publishing"),
        "mute_mic": _("Mute microphone"),
        "unmute_mic": _("Unmute microphone"),
        "hide_camera": _("Turn camera off"),
        "show_camera": _("Turn camera on"),
        "go_live": _("Go live"),
        "pause": _("Pause"),
        "resume": _("Resume"),
        "end_stage": _("End the stage"),
        "confirm_end": _("End the stage for everyone? This cannot be undone."),
        "no_camera": _("No camera or microphone: %(reason)s"),
        "pin": _("Pin"),
        "unpin": _("Unpin"),
        "job_id": _("Job id"),
    }


def call_strings() -> dict[str, str]:
    return {
        "incoming": _("%(name)s is calling you"),
        "calling": _("Calling %(name)s…"),
        "connected": _("In a call with %(name)s"),
        "connecting": _("Connecting…"),
        "busy": _("%(name)s is in another call."),
        "declined": _("%(name)s declined the call."),
        "missed": _("%(name)s did not answer."),
        "missed_you": _("You missed a call from %(name)s."),
        "ended": _("The call has ended."),
        "failed": _("The call failed: %(reason)s"),
        "call": _("Call %(name)s"),
        "you": _("You"),
        "video_of": _("Video of %(name)s"),
    }
