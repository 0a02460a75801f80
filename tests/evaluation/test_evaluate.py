"""`pipeline evaluate`: scores counted right, several folders, clear errors."""

import json

from pipeline.cli import main
from pipeline.evaluation.evaluate import evaluate

ARTICLE = (
    "Sáng 14/10, đồng chí Nông Văn Thành, Phó Chủ tịch UBND tỉnh, dự hội nghị triển khai "
    "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị. Tổng thu ngân sách đạt "
    "1.250 tỷ đồng, tăng 12,5% so với cùng kỳ."
)


def write_gold(folder, name, expected):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / f"{name}.expected.json").write_text(json.dumps(expected), encoding="utf-8")


EXPECTED = {
    "language": "vi",
    "people": [
        {"name": "Nông Văn Thành", "roles": ["Phó Chủ tịch UBND tỉnh"]},
        {"name": "Hoàng Thị Vân", "roles": []},  # not in the text: a miss
    ],
    "resolutions": [{"kind": "resolution", "number": "57-NQ/TW", "date": "2024-12-22"}],
    "indicators": [
        {"value": 1250000000000, "unit": "VND", "key": "budget_revenue"},
        {"value": 12.5, "unit": "%"},
    ],
}


def test_counts_hits_misses_and_extras(tmp_path):
    expected = dict(EXPECTED, indicators=EXPECTED["indicators"][:1])  # 12.5% becomes an extra
    write_gold(tmp_path / "gold", "a", expected)
    ev = evaluate(tmp_path / "gold")
    people = ev.scores[("people", "vi")]
    assert (people.tp, people.fp, people.fn) == (1, 0, 1)
    docs = ev.scores[("resolutions", "vi")]
    assert (docs.tp, docs.fp, docs.fn) == (1, 0, 0)
    figures = ev.scores[("indicators", "vi")]
    assert (figures.tp, figures.fp, figures.fn) == (1, 1, 0)
    assert ev.ratios[("resolution date", "vi")].right == 1
    assert any("Hoàng Thị Vân" in miss for miss in ev.misses)


def test_several_folders_are_one_dev_set(tmp_path, capsys):
    write_gold(tmp_path / "one", "a", EXPECTED)
    write_gold(tmp_path / "two" / "deeper", "b", EXPECTED)
    code = main(["evaluate", str(tmp_path / "one"), str(tmp_path / "two"), "--no-peer", "--json"])
    assert code == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["documents"] == {"vi": 2}
    assert scores["scores"]["people/vi"]["tp"] == 2


def test_a_folder_without_gold_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["evaluate", str(tmp_path / "empty"), "--no-peer"]) == 2
    assert "no *.expected.json files" in capsys.readouterr().err


def test_verbose_lists_role_and_indicator_key_misses(tmp_path, capsys):
    expected = dict(
        EXPECTED,
        people=[{"name": "Nông Văn Thành", "roles": ["Bí thư Tỉnh ủy"]}],
        indicators=[{"value": 1250000000000, "unit": "VND", "key": "forest_cover"},
                    {"value": 12.5, "unit": "%"}],
    )
    write_gold(tmp_path / "gold", "a", expected)
    ev = evaluate(tmp_path / "gold")
    assert "a.txt: Nông Văn Thành: role missed 'Bí thư Tỉnh ủy' (got: 'Phó Chủ tịch UBND tỉnh')" \
        in ev.misses
    assert "a.txt: Nông Văn Thành: role extra 'Phó Chủ tịch UBND tỉnh'" in ev.misses
    key_misses = [m for m in ev.misses if " key " in m]
    assert len(key_misses) == 1
    assert key_misses[0].startswith("a.txt: indicator 1.25e+12 VND key ")
    assert key_misses[0].endswith(", expected forest_cover")
    # The same listing twice: the verbose output is deterministic.
    assert main(["evaluate", str(tmp_path / "gold"), "--no-peer", "-v"]) == 0
    first = capsys.readouterr().out.split("\n", 1)[1]
    assert main(["evaluate", str(tmp_path / "gold"), "--no-peer", "-v"]) == 0
    assert capsys.readouterr().out.split("\n", 1)[1] == first
    assert "role missed 'Bí thư Tỉnh ủy'" in first


def test_roles_exact_counts_only_the_same_words(tmp_path):
    # "Phó Chủ tịch" is inside the found "Phó Chủ tịch UBND tỉnh": a hit for the lenient role
    # score, a miss and an extra for the exact one
    person = {"name": "Nông Văn Thành", "roles": ["Phó Chủ tịch"]}
    write_gold(tmp_path / "gold", "a", dict(EXPECTED, people=[person]))
    ev = evaluate(tmp_path / "gold")
    lenient, exact = ev.scores[("roles", "vi")], ev.scores[("roles exact", "vi")]
    assert (lenient.tp, lenient.fp, lenient.fn) == (1, 0, 0)
    assert (exact.tp, exact.fp, exact.fn) == (0, 1, 1)


def test_a_role_annotated_as_normalised_is_found(tmp_path):
    # the credit word as written is "Ảnh"; its normalised form is "photographer" (docs/people.md)
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE + "\nẢnh: KHÁNH DUY", encoding="utf-8")
    people = [{"name": "Nông Văn Thành", "roles": ["Phó Chủ tịch UBND tỉnh"]},
              {"name": "Khánh Duy", "roles": ["photographer"]}]
    (folder / "a.expected.json").write_text(json.dumps(dict(EXPECTED, people=people)),
                                           encoding="utf-8")
    ev = evaluate(folder)
    lenient, exact = ev.scores[("roles", "vi")], ev.scores[("roles exact", "vi")]
    assert (lenient.tp, lenient.fp, lenient.fn) == (2, 0, 0)
    assert (exact.tp, exact.fp, exact.fn) == (1, 1, 1)  # "Ảnh" is not the word annotated


def test_province_and_places_are_scored_when_annotated(tmp_path):
    folder = tmp_path / "gold"
    folder.mkdir()
    # 2024 (old map): huyện Hòa An is a district of Cao Bằng, thôn Nà Mon a village
    text = ("Ngày 5/3/2024, UBND huyện Hòa An (tỉnh Cao Bằng) tổ chức hội nghị tại thôn "
            "Nà Mon.")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    expected = {"language": "vi", "province": "Cao Bằng", "places": [
        {"name": "Hòa An", "official": "Hòa An", "level": "district"},
        {"name": "Cao Bằng", "official": "Cao Bằng", "level": "province"},
        {"name": "Bạch Đằng", "official": "Bạch Đằng", "level": "commune"},  # not named: a miss
    ]}
    (folder / "a.expected.json").write_text(json.dumps(expected), encoding="utf-8")
    (folder / "b.txt").write_text("Chính phủ họp phiên thường kỳ.", encoding="utf-8")
    (folder / "b.expected.json").write_text(
        json.dumps({"language": "vi", "province": "Lạng Sơn", "places": []}), encoding="utf-8")
    ev = evaluate(folder)
    places = ev.scores[("places", "vi")]
    assert (places.tp, places.fp, places.fn) == (2, 0, 1)
    province = ev.ratios[("article province", "vi")]
    assert (province.right, province.total) == (1, 2)  # b names no province: null, not Lạng Sơn
    assert "b.txt: province None, expected Lạng Sơn" in ev.misses
