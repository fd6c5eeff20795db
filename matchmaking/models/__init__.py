"""matchmaking models (docs/matchmaking.md), one module per concern; each module is imported
here so that Django registers its models in the `matchmaking` app. Other helpers' modules
(the challenge board, imports) add their own line below."""

from matchmaking.models.conversations import Conversation, Message, MessageAttachment
from matchmaking.models.engagement import Favourite, Rating
from matchmaking.models.postings import Posting, PostingAttachment
from matchmaking.models.profiles import OrganisationPost, OrganisationProfile, ShowcaseArea

__all__ = [
    "Conversation",
    "Favourite",
    "Message",
    "MessageAttachment",
    "OrganisationPost",
    "OrganisationProfile",
    "Posting",
    "PostingAttachment",
    "Rating",
    "ShowcaseArea",
]
