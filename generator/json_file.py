"""JSON files as contributors write them: limits checked before parsing, a key twice refused, every problem an Issue."""
from __future__ import annotations

import json
from pathlib import Path

from generator.issues import Issue
from generator.layout import Layout

# Limits checked before a descriptor is parsed: the parser would otherwise recurse or allocate without bound.
MAX_JSON_BYTES = 1_000_000  # a descriptor or schema is a few KB
MAX_JSON_DEPTH = 32  # ours nest 6 deep (resources → schema → foreignKeys → reference)


def _json_depth(text: str) -> tuple[int, int]:
    """The deepest nesting of [ and { outside strings, and the line where it is first reached."""
    depth = deepest = 0
    line = deepest_line = 1
    in_string = escaped = False
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest, deepest_line = depth, line
        elif char in "]}":
            depth -= 1
    return deepest, deepest_line


def _top_level_keys(text: str, start: int) -> list[tuple[str, int]]:
    """The keys of the object that opens at text[start] ('{'), each with its offset, in order."""
    keys, depth, index = [], 0, start
    while index < len(text):
        char = text[index]
        if char == '"':
            end = index + 1
            while end < len(text) and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            after = end + 1
            while after < len(text) and text[after] in " \t\r\n":
                after += 1
            if depth == 1 and after < len(text) and text[after] == ":":
                keys.append((json.loads(text[index:end + 1]), index))
            index = end
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                break
        index += 1
    return keys


class _DuplicateKey(ValueError):
    def __init__(self, key: str, line: int):
        super().__init__(key)
        self.key, self.line = key, line


def _loads_refusing_duplicates(text: str):
    """json.loads, but a key twice in one object raises _DuplicateKey with the line of its second use
    (plain json keeps the last silently: a second "resources" would hide the first)."""
    def _pairs(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key, 0)
            seen.add(key)
        return dict(pairs)

    try:
        return json.loads(text, object_pairs_hook=_pairs)
    except _DuplicateKey as exc:
        raise _DuplicateKey(exc.key, _duplicate_line(text, exc.key)) from None


def _duplicate_line(text: str, key: str) -> int:
    """The line of a key's second use in the first object that holds it twice (0 if it cannot be told)."""
    try:
        for index, char in enumerate(text):
            if char == "{":
                offsets = [offset for k, offset in _top_level_keys(text, index) if k == key]
                if len(offsets) > 1:
                    return text.count("\n", 0, offsets[1]) + 1
    except ValueError:  # a '{' inside a string: give up on the line, not on the report
        pass
    return 0


def read_json(path: Path, layout: Layout) -> tuple[dict | None, list[Issue]]:
    """A JSON object from a file, or the Issues saying why not. Never raises on what the file holds."""
    shown = layout.rel(path)
    try:
        size = path.stat().st_size
    except OSError:
        return None, [Issue(shown, None, None, "file-missing", "文件不存在或无法读取", "应恢复这个文件（可从 git 历史中找回）",
                            message_en="the file is missing or cannot be read",
                            hint_en="restore it (git history has it)")]
    if size > MAX_JSON_BYTES:
        return None, [Issue(shown, None, None, "file-too-large",
                            f"文件有 {size:,} 字节，超过描述文件的上限 {MAX_JSON_BYTES:,} 字节",
                            "描述文件只写元数据与资源列表；数据应放在 CSV 文件中",
                            message_en=f"is {size:,} bytes, over the limit of {MAX_JSON_BYTES:,} bytes for a descriptor",
                            hint_en="a descriptor holds metadata and the list of resources; data belongs in CSV files")]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Issue(shown, None, None, "encoding-error", "不是 UTF-8 编码的文本", "请另存为 UTF-8 编码",
                            message_en="is not UTF-8 text", hint_en="re-save it as UTF-8")]
    depth, line = _json_depth(text)
    if depth > MAX_JSON_DEPTH:
        return None, [Issue(shown, line, None, "json-too-deep",
                            f"嵌套了 {depth} 层，超过上限 {MAX_JSON_DEPTH} 层",
                            "应为数据包描述文件的结构（见 CONTRIBUTING.md 或用 new-dataset 生成一个）",
                            message_en=f"nests {depth} levels deep, over the limit of {MAX_JSON_DEPTH}",
                            hint_en="expected a data package descriptor (see CONTRIBUTING.md, or make one with new-dataset)")]
    try:
        data = _loads_refusing_duplicates(text)
    except _DuplicateKey as exc:
        return None, [Issue(shown, exc.line or None, exc.key, "duplicate-key",
                            f"键 \"{exc.key}\" 在同一个对象中出现了两次（JSON 只会保留后一个）",
                            "应删除或合并其中一个",
                            message_en=f"the key \"{exc.key}\" appears twice in one object (JSON keeps only the last)",
                            hint_en="expected each key once: delete or merge one of them")]
    except (json.JSONDecodeError, RecursionError) as exc:
        line, column, reason = getattr(exc, "lineno", None), getattr(exc, "colno", None), getattr(exc, "msg", str(exc))
        return None, [Issue(shown, line, f"column {column}" if column else None, "invalid-json",
                            f"不是有效的 JSON：{reason}", "请检查此处之前是否缺少逗号、引号或括号",
                            message_en=f"is not valid JSON: {reason}",
                            hint_en="expected JSON: look just before this place for a missing comma, quote or bracket")]
    if not isinstance(data, dict):
        return None, [Issue(shown, None, None, "invalid-json", "应为一个 JSON 对象（{ … }）", "最外层应是 { 和 }",
                            message_en="must hold a JSON object", hint_en="expected { … } at the top level")]
    return data, []
