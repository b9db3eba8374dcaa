"""Forms of the home page (starting a comparison) and of the comparison page (display filters)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence

from django import forms
from django.conf import settings
from django.urls import reverse

from compare import text
from compare.models import Article, Story
from compare.vocabulary import ROLE_ADDITION_TYPES, AdditionType, LinkKind, Role

LANGUAGE_CHOICES = [("", "Detect automatically")] + sorted(
    ((code, f"{name} ({code})") for code, name in text.SUPPORTED_LANGUAGES.items()),
    key=lambda choice: choice[1],
)


class RangeInput(forms.NumberInput):
    input_type = "range"

    def format_value(self, value) -> str:
        # A range input without a value shows its middle: show the lowest threshold instead.
        return super().format_value(value) or "0"


# The parts of a page a reader may hide: every paragraph role but running text.
HIDEABLE_ROLES = [(role.value, role.label) for role in Role if role != Role.BODY]


class DisplayForm(forms.Form):
    """The comparison page's filters, read from the query string (GET)."""

    only_differences = forms.BooleanField(required=False, label="Only differences")
    hide_duplicates = forms.BooleanField(required=False, label="Hide duplicates")
    hide = forms.MultipleChoiceField(
        required=False,
        choices=HIDEABLE_ROLES,
        widget=forms.CheckboxSelectMultiple,
        label="Hide",
        help_text="Parts of the page to leave out of the columns.",
    )
    threshold = forms.FloatField(
        required=False,
        min_value=0.0,
        max_value=1.0,
        label="Similarity threshold",
        widget=RangeInput(
            attrs={"step": "0.05", "min": "0", "max": "1", "aria-describedby": "threshold-help"}
        ),
    )

    def cache_key(self) -> str:
        """The submitted filters, exactly as sent, in a fixed order: a key for renderings of the
        page (which show the values as sent, valid or not)."""
        sent = sorted((name, value) for name in self.fields for value in self.data.getlist(name))
        return hashlib.sha256(repr(sent).encode()).hexdigest()[:32]

    def filters(self) -> dict:
        """`display.build_page`'s filter arguments; a missing or invalid filter is off (a bad
        URL still reads)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        roles = frozenset(data.get("hide") or ())
        # Hiding captions hides every caption: those the page's markup says are captions
        # (their role) and those the text says are (their addition type).
        types = {ROLE_ADDITION_TYPES[role] for role in roles if role in ROLE_ADDITION_TYPES}
        if data.get("hide_duplicates"):
            types.add(AdditionType.DUPLICATE)
        return {
            "only_differences": bool(data.get("only_differences")),
            "hidden_types": frozenset(types),
            "hidden_roles": roles,
            # A threshold of 0 is no threshold: no link scores below it.
            "threshold": data.get("threshold") or None,
        }


class StoredPairForm(forms.Form):
    """Two stored articles to compare, A then B.

    The choices come from the articles the page already lists, so rendering
    the form costs no query.
    """

    mode = forms.CharField(widget=forms.HiddenInput, initial="stored")
    article_a = forms.TypedChoiceField(coerce=int, label="Article A")
    article_b = forms.TypedChoiceField(coerce=int, label="Article B")
    title = forms.CharField(
        required=False, max_length=500, label="Comparison title", help_text="Optional."
    )

    def __init__(self, *args, articles: Sequence[Article], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.articles = {article.pk: article for article in articles}
        choices = [("", "— choose an article —")] + [
            (
                article.pk,
                f"{text.shorten(article.title, 90)} ({article.outlet.name}, {article.language})",
            )
            for article in articles
        ]
        self.fields["article_a"].choices = choices
        self.fields["article_b"].choices = choices

    def clean(self) -> dict:
        data = super().clean()
        a, b = data.get("article_a"), data.get("article_b")
        if a is not None and a == b:
            raise forms.ValidationError("Pick two different articles.")
        if a is not None and b is not None:
            data["articles"] = [self.articles[a], self.articles[b]]
        return data


class ArticleTextField(forms.CharField):
    """A pasted article: kept exactly as pasted (offsets point into it), refused when blank or
    longer than `COMPARE_MAX_TEXT_CHARS`."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("strip", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 10}))
        kwargs.setdefault("label", "Text")
        super().__init__(**kwargs)

    def validate(self, value: str) -> None:
        super().validate(value)
        if "\ufffd" in value:
            # Django decodes a form's bytes as UTF-8 and puts U+FFFD where they are not:
            # a text that holds one was garbled on the way, and would be stored garbled.
            raise forms.ValidationError(
                "The text holds characters that are not valid UTF-8 (shown as “\ufffd”): "
                "copy it again from its source, or import the file as UTF-8."
            )
        try:
            text.check_text(value, max_chars=settings.COMPARE_MAX_TEXT_CHARS)
        except text.TextError as error:
            raise forms.ValidationError(str(error)) from error


class PastedPairForm(forms.Form):
    """Two texts pasted by the user, each with its title, outlet and language."""

    mode = forms.CharField(widget=forms.HiddenInput, initial="pasted")
    title = forms.CharField(
        required=False, max_length=500, label="Comparison title", help_text="Optional."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for side in ("a", "b"):
            self.fields.update(self._article_fields(side))

    @staticmethod
    def _article_fields(side: str) -> dict[str, forms.Field]:
        """Title, outlet, language, publication date and text of article A or B."""
        # Pasting a text fills its language field with the detected one
        # (htmx; without JS the language is detected when the form is sent).
        detect = {
            "hx-post": reverse("compare:language-detect"),
            "hx-trigger": "paste delay:150ms, change",
            "hx-target": f"#language-{side}",
            "hx-swap": "outerHTML",
            "hx-vals": json.dumps({"side": side}),
            "hx-include": f"[name='language_{side}']",
            # Sending the form aborts a detection still running.
            "hx-sync": "closest form:abort",
        }
        return {
            f"title_{side}": forms.CharField(required=False, max_length=500, label="Title"),
            f"outlet_{side}": forms.CharField(required=False, max_length=200, label="Outlet"),
            f"language_{side}": forms.ChoiceField(
                required=False,
                choices=LANGUAGE_CHOICES,
                label="Language",
                help_text="Detected from the text when left blank.",
            ),
            f"published_on_{side}": forms.DateField(
                required=False,
                label="Published on",
                widget=forms.DateInput(attrs={"type": "date"}),
                help_text="Optional: two reports a few days apart read as reports of one event.",
            ),
            f"text_{side}": ArticleTextField(widget=forms.Textarea(attrs={"rows": 10, **detect})),
            # Shown only when the chosen language and the text disagree (see `clean`).
            f"keep_language_{side}": forms.BooleanField(
                required=False, widget=forms.HiddenInput, label="Keep the language I chose"
            ),
        }

    def clean(self) -> dict:
        data = super().clean()
        for side in ("a", "b"):
            declared, pasted = data.get(f"language_{side}"), data.get(f"text_{side}")
            if not declared or not pasted or data.get(f"keep_language_{side}"):
                continue
            found = text.declared_language_mismatch(pasted, declared)
            if found is not None:
                names = text.SUPPORTED_LANGUAGES
                self.add_error(
                    f"language_{side}",
                    f"The text reads as {names[found]}, not {names[declared]}: choose "
                    f"{names[found]}, or tick “Keep the language I chose”.",
                )
                self.fields[f"keep_language_{side}"].widget = forms.CheckboxInput()
        if data.get("text_a") and data.get("text_a") == data.get("text_b"):
            raise forms.ValidationError("The two texts are the same: paste two different articles.")
        return data

    def article_fields(self) -> list[dict]:
        """`services.import_article` keyword arguments for A and B."""
        data = self.cleaned_data
        return [
            {
                "raw": data[f"text_{side}"],
                "title": data[f"title_{side}"],
                "outlet": data[f"outlet_{side}"],
                "language": data[f"language_{side}"] or None,
                "published_on": data[f"published_on_{side}"],
            }
            for side in ("a", "b")
        ]


# --- Curation and import ---------------------------------------------------------------

# An index has at most 6 digits: no article has a million sentences, and a longer number
# would overflow the database's integer on lookup.
_ANCHOR = re.compile(r"^([ab])-(\d{1,6})$")


class NoteField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)


class AnchorsField(forms.Field):
    """Sentences as the comparison page names them: "a-3" (article A, 4th sentence)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[tuple[str, int]]:
        if not value:
            return []
        values = [value] if isinstance(value, str) else list(value)
        anchors = []
        for item in values:
            match = _ANCHOR.match(str(item).strip())
            if not match:
                raise forms.ValidationError(f"“{item}” does not name a sentence.")
            anchors.append((match[1], int(match[2])))
        return list(dict.fromkeys(anchors))


class CurateLinkForm(forms.Form):
    """Link sentences (a machine link's, by its key, or any picked ones), or reject a link."""

    link = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    sentences = AnchorsField(required=False)
    kind = forms.ChoiceField(choices=LinkKind.choices, initial=LinkKind.MATCH, required=False)
    note = NoteField()

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("link") and not data.get("sentences"):
            raise forms.ValidationError("Choose the sentences to link.")
        data["kind"] = data.get("kind") or LinkKind.MATCH
        return data


class RejectLinkForm(forms.Form):
    link = forms.CharField(max_length=200, widget=forms.HiddenInput)
    note = NoteField()


class CurateAdditionForm(forms.Form):
    sentence = forms.RegexField(
        regex=_ANCHOR,
        widget=forms.HiddenInput,
        error_messages={"invalid": "That does not name a sentence of this comparison."},
    )
    addition_type = forms.ChoiceField(choices=AdditionType.choices, label="Type")
    note = NoteField()

    def clean(self) -> dict:
        data = super().clean()
        if match := _ANCHOR.match(data.get("sentence") or ""):
            data["anchor"] = (match[1], int(match[2]))
        return data


class ArticleImportForm(forms.Form):
    """A web address or a saved page / text file, with what the page may not say."""

    url = forms.URLField(
        required=False,
        max_length=2000,
        assume_scheme="https",
        label="Web address",
        help_text="The article's page; its text, title, author, date and site are read from it.",
    )
    file = forms.FileField(
        required=False,
        label="Or a file",
        help_text="A saved web page (.html) or a UTF-8 text file (.txt, paragraphs separated "
        "by blank lines).",
    )
    title = forms.CharField(
        required=False, max_length=500, help_text="Optional: the page's title otherwise."
    )
    outlet = forms.CharField(
        required=False, max_length=200, help_text="Optional: the site's name otherwise."
    )
    language = forms.ChoiceField(
        required=False,
        choices=LANGUAGE_CHOICES,
        help_text="Optional: the page's declared language, or detected from the text.",
    )
    published_on = forms.DateField(
        required=False,
        label="Published on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional: the page's own date, or the text's dateline, otherwise.",
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if not upload.name.lower().endswith((".html", ".htm", ".txt")):
            raise forms.ValidationError("Choose an .html or a .txt file.")
        if upload.size > settings.COMPARE_FETCH_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {settings.COMPARE_FETCH_MAX_BYTES:,} bytes."
            )
        return upload

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        if bool(data.get("url")) == bool(data.get("file")):
            raise forms.ValidationError("Give either a web address or a file, not both.")
        return data


def curation_choices() -> dict[str, list[tuple[str, str]]]:
    """The choice lists of the curation forms, for the page's per-row controls."""
    return {
        "kinds": CurateLinkForm.base_fields["kind"].choices,
        "addition_types": CurateAdditionForm.base_fields["addition_type"].choices,
    }


# --- Stories ----------------------------------------------------------------------------------


class StoryDisplayForm(DisplayForm):
    """The story page's filters: the comparison page's, and which article is the pivot."""

    pivot = forms.TypedChoiceField(coerce=int, required=False, label="Read against")

    def __init__(self, *args, articles: Sequence[Article], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.articles = {article.pk: article for article in articles}
        self.fields["pivot"].choices = [
            (
                article.pk,
                f"{article.outlet.name} ({article.language}): {text.shorten(article.title, 70)}",
            )
            for article in articles
        ]

    def chosen_pivot(self) -> Article | None:
        """The pivot asked for, else the first article added; None for a story with none."""
        self.is_valid()
        chosen = getattr(self, "cleaned_data", {}).get("pivot")
        if chosen in self.articles:
            return self.articles[chosen]
        return next(iter(self.articles.values()), None)


class StoryForm(forms.ModelForm):
    class Meta:
        model = Story
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class StoryCreateForm(forms.Form):
    """A new story, with the articles to start it with (ids; none is fine)."""

    title = forms.CharField(max_length=500)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    articles = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Any id is a valid choice here: the view looks them up and reports the missing ones.
        self.fields["articles"].valid_value = lambda value: str(value).isdigit()


class StoryArticleForm(forms.Form):
    """An article to add to, or take out of, a story; `next` is where to go back on error."""

    # At most 18 digits, like the URLs' ids: a longer number would overflow the database lookup.
    story = forms.IntegerField(min_value=1, max_value=10**18 - 1, widget=forms.HiddenInput)
    article = forms.IntegerField(min_value=1, max_value=10**18 - 1, widget=forms.HiddenInput)
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class CounterpartForm(forms.Form):
    """The article page's counterpart search, read from the query string (GET)."""

    counterparts = forms.BooleanField(required=False)
    limit = forms.IntegerField(required=False, min_value=1, max_value=50)
    days = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=3650,
        help_text="Publication-date window, when dates are known.",
    )
    any_date = forms.BooleanField(required=False, label="Any date")

    def search(self) -> dict | None:
        """`services.find_counterparts` arguments, or None when no search is asked for."""
        if not self.is_valid() or not self.cleaned_data["counterparts"]:
            return None
        data = self.cleaned_data
        return {
            "limit": data["limit"] or 10,
            "days": -1 if data["any_date"] else data["days"],
        }
