"""What a finished run tells: why it decides as it does (`explain`), what it finds in a
city's public art (`neighbourhoods`), and the whole story in one HTML folder (`report`).

Kept apart from `classifier` (the CNN and its data) so that each package stays small; it
uses `classifier` and `storage`, and nothing but the `medium` CLI uses it.
"""
