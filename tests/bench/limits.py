"""The largest inputs the app accepts, for the benchmark's "limits" rows: an HTML upload with
as many tags as the importer allows, and a revision of the longest text with its spans."""

SENTENCE = "The council said the budget for the new bridge rose by four percent this year. "


def largest_upload(number: int, max_tags: int) -> bytes:
    """A saved news page with `max_tags` tags at most (the importer counts every "<"), each
    paragraph different, and a different page for every `number`."""
    head = f"<!doctype html><html><head><title>Upload {number}</title></head><body><article>"
    tail = "</article></body></html>"
    paragraphs, tags = [], head.count("<") + tail.count("<")
    while tags + 2 <= max_tags:
        paragraphs.append(f"<p>Paragraph {len(paragraphs)} of upload {number}. {SENTENCE}</p>")
        tags += 2
    return (head + "".join(paragraphs) + tail).encode()


def repetitive_text(chars: int) -> str:
    """A text that repeats one sentence: the worst case for re-anchoring, where every quote
    and every context occurs thousands of times."""
    return (SENTENCE * (chars // len(SENTENCE) + 1))[:chars].rstrip()
