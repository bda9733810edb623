"""Draw certdesk's icon (certdesk/resources/icons/certdesk.png, 256×256): a form with a seal.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icon.py
"""

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen, QPolygonF

SIZE = 256
OUT = Path(__file__).resolve().parent.parent / "certdesk" / "resources" / "icons" / "certdesk.png"


def draw() -> QImage:
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1f4e79"))
    p.drawRoundedRect(QRectF(8, 8, 240, 240), 44, 44)
    # The form: a white sheet with a folded corner and text lines.
    sheet = QPainterPath()
    sheet.moveTo(64, 40)
    sheet.lineTo(164, 40)
    sheet.lineTo(196, 72)
    sheet.lineTo(196, 216)
    sheet.lineTo(64, 216)
    sheet.closeSubpath()
    p.setBrush(QColor("#ffffff"))
    p.drawPath(sheet)
    p.setBrush(QColor("#c9d6e3"))
    p.drawPolygon(QPolygonF([QPointF(164, 40), QPointF(164, 72), QPointF(196, 72)]))
    p.setPen(QPen(QColor("#7f97ad"), 8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for y, right in ((84, 144), (108, 176), (132, 176), (156, 150)):
        p.drawLine(84, y, right, y)
    # The seal: ribbon tails and a gold disc with a check mark.
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#b8860b"))
    p.drawPolygon(
        QPolygonF(
            [
                QPointF(150, 190),
                QPointF(140, 236),
                QPointF(158, 226),
                QPointF(166, 242),
                QPointF(174, 196),
            ]
        )
    )
    p.drawPolygon(
        QPolygonF(
            [
                QPointF(186, 190),
                QPointF(196, 236),
                QPointF(178, 226),
                QPointF(170, 242),
                QPointF(162, 196),
            ]
        )
    )
    p.setBrush(QColor("#e0a526"))
    p.drawEllipse(QPointF(168, 180), 34, 34)
    p.setPen(
        QPen(
            QColor("#ffffff"),
            9,
            Qt.PenStyle.SolidLine,
            Qt.PenCapStyle.RoundCap,
            Qt.PenJoinStyle.RoundJoin,
        )
    )
    check = QPainterPath()
    check.moveTo(153, 181)
    check.lineTo(164, 192)
    check.lineTo(184, 168)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(check)
    p.end()
    return image


if __name__ == "__main__":
    app = QGuiApplication([])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    if not draw().save(str(OUT), "PNG"):
        raise SystemExit(f"cannot write {OUT}")
    print(OUT)
