"""A saved `model.keras` is a plain Keras file: a fresh process with only `import keras` and
`import classifier` loads it (our layers and loss are registered under the package name
"medium"), and it predicts what the model that wrote it predicts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

LOAD = """
import sys
import numpy as np
import keras
import classifier
model = keras.saving.load_model(sys.argv[1])
print(sorted({type(layer).__module__ + "." + type(layer).__name__ for layer in model.layers
              if type(layer).__module__.startswith("classifier")}))
print(type(model.loss["medium"]).__name__)
np.save(sys.argv[2], model.predict(np.load(sys.argv[3]), verbose=0)["medium"])
"""


def test_a_saved_model_loads_in_plain_keras_once_classifier_is_imported(tmp_path):
    from classifier.model import build_model
    from classifier.params import TrainParams
    from classifier.train import compile_model

    params = TrainParams(image_size=32, crop=24, tone_augment=0.2, pooling="gem", label_smoothing=0.1, width=8,
                         depth=2)
    model = compile_model(build_model(params), params)
    path = tmp_path / "model.keras"
    model.save(path)
    images = np.random.default_rng(0).uniform(0, 255, (3, 32, 32, 3)).astype("float32")
    np.save(tmp_path / "images.npy", images)
    done = subprocess.run([sys.executable, "-c", LOAD, str(path), str(tmp_path / "out.npy"), str(tmp_path / "images.npy")],
                          capture_output=True, text=True, cwd=ROOT, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    layers, loss = done.stdout.strip().splitlines()[-2:]
    assert layers == str(["classifier.model.GeneralisedMeanPooling", "classifier.model.RandomGamma",
                          "classifier.model.TrainingCrop"])
    assert loss == "SmoothedSparseCrossentropy"
    np.testing.assert_allclose(np.load(tmp_path / "out.npy"), model.predict(images, verbose=0)["medium"], rtol=1e-5)
