"""Writes: importing articles, creating, aligning and curating comparisons.

Every function that writes several rows, or calls the encoder, lives in one of these modules;
views, tasks and management commands call them and nothing else writes.

- `articles`: importing an article from a text, an HTML page, a file or a web address.
- `comparisons`: creating a comparison from stored articles or from two pasted texts.
- `alignment`: encoding sentences (once per model), aligning a comparison, storing the result
  and the figures the listing shows.
- `curation`: editors' decisions (links, rejections, addition types).
- `stories`: stories of several articles, and aligning every pair a story needs.
- `counterparts`: document vectors, and finding other versions of an article's event.

The public functions are re-exported here, so callers write `services.import_article(…)`.
"""

from compare.services.alignment import (
    AlignmentError,
    align_comparison,
    encode_and_store,
    side_of,
    store_figures,
    store_result,
)
from compare.services.articles import (
    DuplicateArticleError,
    import_article,
    import_article_from_file,
    import_article_from_html,
    import_article_from_url,
    read_text,
    segment_text,
)
from compare.services.comparisons import (
    ComparisonError,
    PairImportError,
    create_comparison,
    create_comparison_from_texts,
)
from compare.services.counterparts import (
    Counterpart,
    embed_articles,
    find_counterparts,
)
from compare.services.curation import (
    CurationError,
    check_link_sentences,
    curate_addition,
    curate_link,
    link_sentence_ids,
    reject_link,
    sentence_ids_at,
)
from compare.services.stories import (
    StoryAlignment,
    StoryError,
    add_article_to_story,
    align_story,
    check_addable,
    create_story,
    decisions_about,
    pairs_to_align,
    remove_article_from_story,
    update_story,
)

__all__ = [
    "AlignmentError",
    "ComparisonError",
    "Counterpart",
    "CurationError",
    "DuplicateArticleError",
    "PairImportError",
    "StoryAlignment",
    "StoryError",
    "add_article_to_story",
    "align_story",
    "check_addable",
    "create_story",
    "decisions_about",
    "embed_articles",
    "find_counterparts",
    "pairs_to_align",
    "remove_article_from_story",
    "update_story",
    "align_comparison",
    "check_link_sentences",
    "create_comparison",
    "create_comparison_from_texts",
    "curate_addition",
    "curate_link",
    "encode_and_store",
    "import_article",
    "import_article_from_file",
    "import_article_from_html",
    "import_article_from_url",
    "link_sentence_ids",
    "read_text",
    "reject_link",
    "segment_text",
    "sentence_ids_at",
    "side_of",
    "store_figures",
    "store_result",
]
