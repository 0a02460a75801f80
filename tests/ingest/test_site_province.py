"""A site profile's `province` reaches the documents of its site and of translations of them;
documents.jsonl keeps its old shape when no profile names one."""

import json

import pytest

from pipeline.document import Document, Source
from pipeline.ingest.run import with_site_province, write_documents
from pipeline.ingest.site_profiles import ProfileError, load_profile, load_profiles

CAO_BANG_ARTICLE = "https://tuyengiaocaobang.vn/index.php/tin-trong-tinh/hoi-nghi-2058.html"


def test_the_bundled_cao_bang_profile_names_its_province():
    profile = next(p for p in load_profiles() if p.name == "joomla-tuyengiao")
    assert profile.province == "Cao Bằng"


def test_documents_get_the_province_of_their_site_or_of_their_original(tmp_path):
    own = Document(id="a" * 16, text="x", source=Source(url=CAO_BANG_ARTICLE))
    translated = Document(id="b" * 16, text="y", translation_of=CAO_BANG_ARTICLE)
    elsewhere = Document(id="c" * 16, text="z", source=Source(url="https://example.org/a"))
    out = tmp_path / "documents.jsonl"
    write_documents([own, translated, elsewhere], out, progress=False)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["source"].get("province") for line in lines] == ["Cao Bằng", "Cao Bằng", None]
    # without a province the source has its four old fields only
    assert list(lines[2]["source"]) == ["path", "url", "site", "fetched_at"]
    assert Document.from_json(lines[0]).source.province == "Cao Bằng"


def test_a_province_already_given_is_kept():
    doc = Document(id="d" * 16, text="x", source=Source(url=CAO_BANG_ARTICLE, province="04"))
    assert with_site_province(doc, load_profiles()).source.province == "04"


def test_a_profile_province_must_be_a_name_or_code(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('name = "p"\nprovince = 4\n[article]\nbody = ["main"]\n', encoding="utf-8")
    with pytest.raises(ProfileError, match="province"):
        load_profile(path)
