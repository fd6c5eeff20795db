"""matchmaking models (docs/matchmaking.md), one module per concern; each module is imported
here so that Django registers its models in the `matchmaking` app. Other helpers' modules
(the challenge board, imports) add their own line below."""

# 张榜/揭榜 and the 征集表 import (mm-board)
from matchmaking.models.challenges import Challenge, Proposal, ProposalAttachment
from matchmaking.models.conversations import Conversation, Message, MessageAttachment
from matchmaking.models.engagement import Favourite, Rating
from matchmaking.models.imports import ImportedAccount, ImportJob, ImportRowError, ManualMatch
from matchmaking.models.postings import Posting, PostingAttachment
from matchmaking.models.profiles import OrganisationPost, OrganisationProfile, ShowcaseArea

__all__ = [
    "Challenge",
    "Conversation",
    "Favourite",
    "ImportJob",
    "ImportRowError",
    "ImportedAccount",
    "ManualMatch",
    "Message",
    "MessageAttachment",
    "OrganisationPost",
    "OrganisationProfile",
    "Posting",
    "PostingAttachment",
    "Proposal",
    "ProposalAttachment",
    "Rating",
    "ShowcaseArea",
]
