"""Writes: importing articles, creating, aligning and curating comparisons.

Every function that writes several rows, or calls the encoder, lives in one of these modules;
views, tasks and management commands call them and nothing else writes.

- `articles`: importing an article from a text, an HTML page, a file or a web address.
- `comparisons`: creating a comparison from stored articles or from two pasted texts.
- `alignment`: encoding sentences (once per model), aligning a comparison, storing the result
  and the figures the listing shows.
- `curation`: editors' decisions (links, rejections, addition types).
- `queue`: background work: queueing alignments, imports and encodings, and what their tasks
  run (`compare.tasks`).
- `stories`: stories of several articles, and aligning every pair a story needs.
- `counterparts`: document vectors, and finding other versions of an article's event.
- `rereading`: reading stored articles again with today's reading rules.

The public functions are re-exported here, so callers write `services.import_article(…)`.
"""

from compare.services.alignment import (
    AlignmentError,
    AlignmentSupersededError,
    align_comparison,
    encode_and_store,
    mark_failed,
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
    prepare_article,
    read_text,
    segment_text,
)
from compare.services.comparisons import (
    ComparisonError,
    ComparisonExistsError,
    PairImportError,
    create_comparison,
    create_comparison_from_texts,
    existing_comparison,
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
from compare.services.queue import (
    request_alignment,
    request_alignments,
    request_embedding,
    request_import,
    run_embedding,
    run_import,
    run_requested_alignment,
)
from compare.services.rereading import Reread, RereadError, reread_article
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
    request_story_alignment,
    update_story,
)

__all__ = [
    "AlignmentError",
    "AlignmentSupersededError",
    "ComparisonError",
    "ComparisonExistsError",
    "Counterpart",
    "CurationError",
    "DuplicateArticleError",
    "PairImportError",
    "Reread",
    "RereadError",
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
    "request_story_alignment",
    "update_story",
    "align_comparison",
    "check_link_sentences",
    "create_comparison",
    "create_comparison_from_texts",
    "curate_addition",
    "curate_link",
    "encode_and_store",
    "existing_comparison",
    "import_article",
    "import_article_from_file",
    "import_article_from_html",
    "import_article_from_url",
    "link_sentence_ids",
    "mark_failed",
    "prepare_article",
    "read_text",
    "reject_link",
    "reread_article",
    "request_alignment",
    "request_alignments",
    "request_embedding",
    "request_import",
    "run_embedding",
    "run_import",
    "run_requested_alignment",
    "segment_text",
    "sentence_ids_at",
    "side_of",
    "store_figures",
    "store_result",
]
