from django.urls import path

from compare import views

app_name = "compare"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("comparisons/<int:pk>/", views.comparison_detail, name="comparison-detail"),
    path("comparisons/new/", views.comparison_create, name="comparison-create"),
    path("comparisons/<int:pk>/align/", views.comparison_align, name="comparison-align"),
    path("languages/detect/", views.language_detect, name="language-detect"),
    path(
        "comparisons/<int:pk>/export.json",
        views.comparison_export,
        {"fmt": "json"},
        name="comparison-export-json",
    ),
    path(
        "comparisons/<int:pk>/export.csv",
        views.comparison_export,
        {"fmt": "csv"},
        name="comparison-export-csv",
    ),
    # --- Curation and import ---
    path("articles/import/", views.article_import, name="article-import"),
    path("comparisons/<int:pk>/curation/link/", views.curation_link, name="curation-link"),
    path("comparisons/<int:pk>/curation/reject/", views.curation_reject, name="curation-reject"),
    path(
        "comparisons/<int:pk>/curation/addition/",
        views.curation_addition,
        name="curation-addition",
    ),
]
