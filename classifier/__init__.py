"""Train, evaluate, tune and run the two-headed medium/emotion CNN and the feature model blended with it.

In a process that already uses Keras, importing this package registers our layers and loss
(`keras.saving.register_keras_serializable(package="medium")`), so that plain
`keras.saving.load_model("model.keras")` reads a saved model with no `custom_objects`. Without
Keras loaded, nothing heavy is imported here: `medium status` stays fast.
"""

import sys

if "keras" in sys.modules:
    from classifier import losses, model  # noqa: F401 - their classes register themselves with Keras
