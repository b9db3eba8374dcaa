from django.urls import path, register_converter

from compare import views


class IdConverter:
    """A database id: at most 18 digits, so that a longer number is a 404 rather than an
    integer overflow in the database lookup."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class ExportConverter:
    regex = "json|csv"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(IdConverter, "id")
register_converter(ExportConverter, "export")

app_name = "compare"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<id:pk>/", views.article_detail, name="article-detail"),
    path("comparisons/<id:pk>/", views.comparison_detail, name="comparison-detail"),
    path("comparisons/new/", views.comparison_create, name="comparison-create"),
    path("comparisons/<id:pk>/align/", views.comparison_align, name="comparison-align"),
    path("comparisons/<id:pk>/status/", views.comparison_status, name="comparison-status"),
    path("languages/detect/", views.language_detect, name="language-detect"),
    path(
        "comparisons/<id:pk>/export.<export:fmt>", views.comparison_export, name="comparison-export"
    ),
    # --- Stories ---
    path("stories/", views.story_list, name="story-list"),
    path("stories/new/", views.story_create, name="story-create"),
    path("stories/articles/add/", views.story_add_article, name="story-add-article"),
    path("stories/articles/remove/", views.story_remove_article, name="story-remove-article"),
    path("stories/<id:pk>/", views.story_detail, name="story-detail"),
    path("stories/<id:pk>/edit/", views.story_edit, name="story-edit"),
    path("stories/<id:pk>/align/", views.story_align, name="story-align"),
    path("stories/<id:pk>/export.<export:fmt>", views.story_export, name="story-export"),
    # --- Curation and import ---
    path("articles/import/", views.article_import, name="article-import"),
    path("comparisons/<id:pk>/curation/link/", views.curation_link, name="curation-link"),
    path("comparisons/<id:pk>/curation/reject/", views.curation_reject, name="curation-reject"),
    path(
        "comparisons/<id:pk>/curation/addition/",
        views.curation_addition,
        name="curation-addition",
    ),
]
