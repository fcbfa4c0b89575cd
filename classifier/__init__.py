"""Train, evaluate, tune and run the two-headed medium/emotion CNN; the `medium` CLI lives here."""
