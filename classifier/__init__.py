"""Train, evaluate, tune and run the two-headed medium/emotion CNN and the feature model blended with it."""
