from django.urls import path

from compare import views

app_name = "compare"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("comparisons/<int:pk>/", views.comparison_detail, name="comparison-detail"),
]
