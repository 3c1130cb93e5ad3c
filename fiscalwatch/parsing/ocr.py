"""OCR for scanned pages: RapidOCR 3 on onnxruntime, with the PP-OCR models that ship
inside the rapidocr wheel. The model paths are set explicitly, so RapidOCR never
looks for (or downloads) anything else."""

from __future__ import annotations

import importlib
import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Any

# The bundled files of rapidocr 3.x (det/rec PP-OCRv6 small, cls mobile v2).
MODEL_FILES = {
    "Det.model_path": "PP-OCRv6_det_small.onnx",
    "Rec.model_path": "PP-OCRv6_rec_small.onnx",
    "Cls.model_path": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}
RENDER_SCALE = 1.5  # 108 dpi: body text reads well; ~3 s a page on one core


def ocr_unavailable_reason() -> str | None:
    """None when OCR can run here; otherwise why not, for the document's error."""
    for module in ("onnxruntime", "rapidocr"):
        try:
            importlib.import_module(module)
        except ImportError:
            return (
                f"scanned pages need OCR, but {module} is not installed "
                "(pip install 'fiscalwatch[ocr]')"
            )
    missing = [name for name in model_paths().values() if not Path(name).is_file()]
    if missing:
        return f"scanned pages need OCR, but the bundled OCR model is missing: {missing[0]}"
    return None


def model_paths() -> dict[str, str]:
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or spec.origin is None:
        return {}
    models = Path(spec.origin).parent / "models"
    return {key: str(models / name) for key, name in MODEL_FILES.items()}


@lru_cache(maxsize=1)
def engine() -> Any:
    from rapidocr import RapidOCR

    params: dict[str, Any] = {
        "Global.log_level": "error",
        "Global.use_cls": False,  # government scans are upright; saves a third of the time
        "EngineConfig.onnxruntime.intra_op_num_threads": 1,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        **model_paths(),
    }
    return RapidOCR(params=params)


def ocr_image(image: Any) -> str:
    """Text of a PIL image, lines top to bottom, each left to right."""
    import numpy as np

    result = engine()(np.asarray(image.convert("RGB")))
    if result.boxes is None or result.txts is None:
        return ""
    items = []
    for box, text in zip(result.boxes, result.txts, strict=False):
        ys = [point[1] for point in box]
        xs = [point[0] for point in box]
        items.append((min(ys), max(ys), min(xs), str(text)))
    items.sort()
    lines: list[list[tuple[float, str]]] = []
    line_bottom = -1.0
    line_top = 0.0
    for top, bottom, left, text in items:
        middle = (top + bottom) / 2
        if lines and line_top <= middle <= line_bottom:
            lines[-1].append((left, text))
        else:
            lines.append([(left, text)])
            line_top, line_bottom = top, bottom
    return "\n".join(" ".join(text for _, text in sorted(line)) for line in lines)
