"""The `medium demo` and `medium sample-world` verbs, which the sample world's distribution adds to
the `medium` command through the `medium.verbs` entry points.

They sit above both: they drive the product's commands against the sample world. The world
itself (`sampleworld`) imports nothing of the product, and the product nothing of either.
"""
