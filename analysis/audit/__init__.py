"""medium audit: find the stored images whose published label is likely wrong."""

DEFAULT_PICTURES = 8  # suspects shown per class and head (here, so the verb's parser loads nothing heavy)
