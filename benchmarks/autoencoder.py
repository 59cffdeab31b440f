"""Autoencoder benchmark: data loading, TensorFlow's import, training time and memory, quality metrics.

Training runs on MNIST when it can be downloaded; otherwise on MNIST-shaped data made from the
scikit-learn digits (tiled to 60,000 rows with a little noise): the cost of dense layers depends
on the shapes only, not on what the pixels show. The reference for training is Keras' own
in-memory ``model.fit(x, x)``, run after ours so that our memory figures are not inflated by it.

``--quick`` trains on 3,000 images for 1 epoch.
"""

from __future__ import annotations

import os
import resource
import time

import numpy as np

from benchmarks._common import emit, quick_flag, time_ms
from core import autoencoder, quality

FULL_IMAGES, FULL_EPOCHS = 60_000, 5
QUICK_IMAGES, QUICK_EPOCHS = 3_000, 1
BATCH_SIZE = 150
NOISE = 0.05


def peak_rss_mb() -> float:
    """The process' peak resident memory so far (Linux reports ru_maxrss in kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def mnist_shaped(digits: np.ndarray, n_images: int, seed: int = 0) -> np.ndarray:
    """``n_images`` rows cycled from ``digits`` with Gaussian noise, clipped to [0, 1], built in place."""
    rng = np.random.default_rng(seed)
    x = np.empty((n_images, digits.shape[1]), np.float32)
    chunk = 5_000
    for start in range(0, n_images, chunk):
        rows = x[start:start + chunk]
        rows[:] = digits[np.arange(start, start + len(rows)) % len(digits)]
        rows += rng.normal(0.0, NOISE, rows.shape).astype(np.float32)
        np.clip(rows, 0.0, 1.0, out=rows)
    return x


def main() -> None:
    quick = quick_flag()
    n_images, epochs = (QUICK_IMAGES, QUICK_EPOCHS) if quick else (FULL_IMAGES, FULL_EPOCHS)
    rss_at_start = peak_rss_mb()

    start = time.perf_counter()
    x_train, x_test, source = autoencoder.load_digits_dataset(timeout=5)
    emit("load_digits_dataset", "x".join(map(str, x_train.shape)),
         (time.perf_counter() - start) * 1000, source=source)

    if source.startswith("MNIST"):
        x, data = x_train[:n_images], source
    else:
        x = mnist_shaped(x_train, n_images)
        data = f"synthetic: {source.split(' (')[0]} tiled to {n_images:,} rows, noise sd {NOISE}"
    rss_before_tf = peak_rss_mb()

    start = time.perf_counter()
    import tensorflow  # noqa: F401  (timed on purpose: the cost every first visit pays)
    emit("import_tensorflow", "", (time.perf_counter() - start) * 1000,
         peak_rss_start_mb=round(rss_at_start, 1), peak_rss_before_mb=round(rss_before_tf, 1),
         peak_rss_after_mb=round(peak_rss_mb(), 1), rss_now_mb=round(current_rss_mb(), 1))
    rss_before_training = peak_rss_mb()

    model = autoencoder.build_autoencoder()
    epoch_seconds = []
    last = [time.perf_counter()]

    def clock(_epoch, _loss):
        now = time.perf_counter()
        epoch_seconds.append(round(now - last[0], 2))
        last[0] = now

    cpu_before = os.times()
    start = last[0] = time.perf_counter()
    losses = autoencoder.train(model, x, epochs=epochs, batch_size=BATCH_SIZE, on_epoch_end=clock)
    ours_ms = (time.perf_counter() - start) * 1000
    cpu_after = os.times()
    peak_after_ours, rss_after_ours = peak_rss_mb(), current_rss_mb()

    reference = autoencoder.build_autoencoder()
    start = time.perf_counter()
    reference_losses = reference.fit(x, x, batch_size=BATCH_SIZE, epochs=epochs, shuffle=True,
                                     verbose=0).history["loss"]
    reference_ms = (time.perf_counter() - start) * 1000
    emit(f"train_{epochs}_epochs", f"{n_images}x784 batch {BATCH_SIZE}", ours_ms,
         "keras fit(x, x) on the in-memory array", reference_ms,
         data=data, final_loss=round(losses[-1], 5), losses=[round(v, 5) for v in losses],
         epoch_seconds=epoch_seconds,
         cpu_user_s=round(cpu_after.user - cpu_before.user, 1),
         cpu_sys_s=round(cpu_after.system - cpu_before.system, 1),
         peak_rss_before_training_mb=round(rss_before_training, 1),
         peak_rss_after_training_mb=round(peak_after_ours, 1),
         rss_after_training_mb=round(rss_after_ours, 1),
         reference_final_loss=round(float(reference_losses[-1]), 5),
         peak_rss_after_reference_mb=round(peak_rss_mb(), 1))

    test = x_test[:10_000]
    emit("reconstruct", f"{len(test)}x784", time_ms(lambda: autoencoder.reconstruct(model, test), 5),
         "keras Model.predict", time_ms(lambda: model.predict(test, verbose=0), 5))
    ten = test[:10]
    emit("reconstruct", "10x784", time_ms(lambda: autoencoder.reconstruct(model, ten), 20),
         "keras Model.predict", time_ms(lambda: model.predict(ten, verbose=0), 20))

    from skimage.metrics import peak_signal_noise_ratio, structural_similarity

    digits = autoencoder.to_digit_images(ten)
    rebuilt = autoencoder.to_digit_images(autoencoder.reconstruct(model, ten))
    emit("ssim", "28x28", time_ms(lambda: quality.ssim(digits[0], rebuilt[0]), 50),
         "skimage structural_similarity",
         time_ms(lambda: structural_similarity(digits[0], rebuilt[0], data_range=255,
                                               gaussian_weights=True, sigma=1.5,
                                               use_sample_covariance=False), 50))
    emit("psnr", "28x28", time_ms(lambda: quality.psnr(digits[0], rebuilt[0]), 50),
         "skimage peak_signal_noise_ratio",
         time_ms(lambda: peak_signal_noise_ratio(digits[0], rebuilt[0], data_range=255), 50))
    for budget, count in ((204, "file"), (204, "payload")):
        _, n_bytes, jpeg_quality = quality.jpeg_at_size(digits[0], budget, count)
        emit(f"jpeg_at_size_{count}", f"28x28 budget {budget} B",
             time_ms(lambda: quality.jpeg_at_size(digits[0], budget, count), 20),
             n_bytes=n_bytes, quality=jpeg_quality)


if __name__ == "__main__":
    main()
