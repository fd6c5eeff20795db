"""The writes of matchmaking, one module per concern (docs/matchmaking.md): postings,
conversations (respond, reply, schedule a meeting), engagement (favourites, ratings),
profiles (organisation pages, showcase areas). Refusals: ValidationError (the input, with
field and code), PermissionDenied (the person), rules.NotFound (not there or not theirs)."""
