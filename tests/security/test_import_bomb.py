"""Finding 12: an XLSX that unpacks to hundreds of MB is refused before any sheet is read."""

import io
import tracemalloc
import zipfile

import pytest
import tablib

from entreprises import imports
from entreprises.imports import ImportFileError, import_read, import_template


def _bomb(unpacked_mb: int) -> bytes:
    """A real XLSX (the template) whose sheet is padded with a huge, highly compressible run."""
    template = import_template("xlsx")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template)) as src,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for member in src.infolist():
            data = src.read(member.filename)
            if member.filename.startswith("xl/worksheets/sheet"):
                pad = b" " * (unpacked_mb * 1024 * 1024)
                data = data.replace(b"</sheetData>", b"</sheetData>" + pad, 1)
            dst.writestr(member.filename, data)
    return out.getvalue()


def test_a_zip_bomb_is_refused_without_inflating_it():
    content = _bomb(410)
    assert len(content) < 1_000_000
    tracemalloc.start()
    with pytest.raises(ImportFileError) as error:
        import_read(content=content, filename="entreprises.xlsx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "se décompresse en 410 Mo" in error.value.messages[0]
    assert peak < 50 * 1024 * 1024


def test_a_sheet_without_titles_or_with_too_many_rows_is_refused_before_reading_rows(
    monkeypatch,
):
    # Unknown titles go to the mapping step, but a sheet with no title row, or declaring more
    # rows than allowed, is refused before tablib inflates it.
    untitled = tablib.Dataset(["x", "y"], headers=["", ""]).export("xlsx")
    big = tablib.Dataset(*[["x", "y"]] * 5, headers=["Nom", "Lieu"]).export("xlsx")
    called = []
    monkeypatch.setattr(tablib.Dataset, "load", lambda *a, **k: called.append(1))
    with pytest.raises(ImportFileError) as error:
        import_read(content=untitled, filename="autre.xlsx")
    assert "La première ligne du fichier doit donner le titre" in error.value.messages[0]
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    with pytest.raises(ImportFileError) as error:
        import_read(content=big, filename="autre.xlsx")
    assert "Le fichier compte 5 lignes ; importez-en 3 au plus" in error.value.messages[0]
    assert called == []


def test_the_template_still_imports(monkeypatch):
    monkeypatch.setattr(imports, "MAX_UNPACKED_BYTES", 10 * 1024 * 1024)
    rows = import_read(content=import_template("xlsx"), filename="modele.xlsx")
    assert rows[0]["name"] == "Boulangerie du Marché"
