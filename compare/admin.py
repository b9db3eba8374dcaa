from django.contrib import admin

from compare.models import Article, Comparison, ComparisonArticle, Outlet, Paragraph


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "language", "home_url"]
    list_filter = ["language"]
    search_fields = ["name"]


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    fields = ["position", "text"]
    readonly_fields = ["position", "text"]
    extra = 0
    can_delete = False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "language", "published_on", "created"]
    list_filter = ["language", "outlet"]
    search_fields = ["title", "original_text"]
    readonly_fields = ["original_text", "content_hash", "created", "updated"]
    inlines = [ParagraphInline]
    list_select_related = ["outlet"]


class ComparisonArticleInline(admin.TabularInline):
    model = ComparisonArticle
    raw_id_fields = ["article"]
    extra = 0


@admin.register(Comparison)
class ComparisonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "model_name", "aligned_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "model_name", "parameters", "aligned_at", "error"]
    inlines = [ComparisonArticleInline]
