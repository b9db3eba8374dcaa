"""Per-language words that mark a paragraph's role or a sentence's type, in one place.

Pure data: nothing here comes from the seed articles or from the press corpus the app is
measured on. Each table says where its words come from. Entries are matched on folded text
(`folding.fold`: no accents, no case) as whole words at the start of a line or sentence, so
"dona" (Italian "donate") never matches inside "madonna". A language without an entry falls
back to the union of all languages: an unusual pairing of a label and a language costs
little, a missed label in a new language costs more.
"""

from __future__ import annotations

import functools
import re

from babel import Locale, UnknownLocaleError

from compare.folding import fold

# --- Sentences -----------------------------------------------------------------------------
# Articles and the commonest simple prepositions: a line that stops on one stops inside a
# sentence, where a text copied from an e-mail or a PDF wraps it ("… in the amount of" /
# "$USD 2,500 …", "… hatte den" / "WordPress-Blog …"); a title or a sentence never ends so.
# Source: each language's definite and indefinite articles and its one-word prepositions
# that take no pronoun ending, from its reference grammar.
OPEN_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("the", "a", "an", "of", "to", "in", "on", "at", "for", "from", "with", "by", "and"),
    "fr": (
        "le", "la", "les", "un", "une", "des", "du", "de", "au", "aux", "a", "en",
        "dans", "sur", "pour", "par", "avec", "et",
    ),
    "de": (
        "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer",
        "eines", "im", "am", "zum", "zur", "vom", "beim", "von", "mit", "nach", "in", "auf",
        "und",
    ),
    "it": (
        "il", "lo", "la", "i", "gli", "le", "un", "uno", "una", "del", "della", "dei", "degli",
        "delle", "di", "a", "da", "in", "con", "su", "per", "tra", "fra", "e",
    ),
    "es": (
        "el", "la", "los", "las", "un", "una", "unos", "unas", "del", "al", "de", "a", "en",
        "con", "por", "para", "y",
    ),
    "pt": (
        "o", "a", "os", "as", "um", "uma", "do", "da", "dos", "das", "no", "na", "de", "em",
        "com", "por", "para", "e",
    ),
    "nl": ("de", "het", "een", "van", "in", "op", "met", "voor", "en"),
    "ru": ("в", "на", "с", "по", "к", "из", "о", "об", "от", "для", "и"),
    "pl": ("w", "na", "z", "do", "o", "od", "dla", "i"),
}  # fmt: skip

# --- Page furniture (role "promo") -------------------------------------------------------
# The interface labels news sites put around an article: donation and subscription appeals,
# sharing, comment counts and log-in links, category and tag lists, "read also" boxes,
# series notices, window controls. Source: the labels of the standard strings of WordPress
# core and its default themes (https://translate.wordpress.org, the "Comments", "Categories",
# "Tags", "Log in", "Share", "Read more", "Related", "Close" strings), MediaWiki's accessibility
# links ("Jump to: navigation, search", "Jump to content", in each language's interface) and
# the common newsletter, donation and sharing widgets, in each language's usual rendering.
PROMO_LABELS: dict[str, tuple[str, ...]] = {
    "en": (
        "accessibility links", "jump to content", "jump to navigation", "jump to search",
        "skip to content", "skip to main content", "close", "menu", "search", "donate",
        "donate now", "donate today", "support us", "support our",
        "subscribe", "sign up", "newsletter", "follow us", "share", "share this", "share on",
        "tweet", "email", "print", "read more", "read also", "see also", "related", "more from",
        "recommended", "comments", "comment", "leave a comment", "join the conversation",
        "log in", "sign in", "authors please log in", "categories", "category", "tags",
        "filed under", "posted in", "advertisement", "sponsored", "cookies", "privacy",
        "this post is part of", "this article is part of", "this story is part of",
        "learn more about", "see all", "show all", "all rights reserved",
    ),
    "fr": (
        "aller au contenu", "aller a la navigation",
        "fermer", "menu", "rechercher", "faire un don", "donnez", "soutenez", "soutenir",
        "nous soutenir", "abonnez vous", "s abonner", "newsletter", "lettre d information",
        "suivez nous", "partager", "partagez", "imprimer", "lire aussi", "a lire aussi",
        "lire la suite", "voir aussi", "sur le meme sujet", "commentaires", "commentaire",
        "commentez", "laisser un commentaire", "reagir", "se connecter", "s identifier",
        "connexion", "categories", "categorie", "mots cles", "etiquettes", "publicite",
        "ce billet fait partie", "cet article fait partie", "en savoir plus", "voir toutes",
        "tous droits reserves",
    ),
    "de": (
        "wechseln zu navigation", "zur navigation springen", "zur suche springen",
        "schliessen", "menu", "suche", "spenden", "jetzt spenden", "unterstutzen sie",
        "unterstutzen", "abonnieren", "newsletter", "folgen sie uns", "teilen", "drucken",
        "mehr zum thema", "lesen sie auch", "auch interessant", "weitere artikel", "mehr lesen",
        "kommentare", "kommentar", "kommentieren", "anmelden", "einloggen", "kategorien",
        "kategorie", "schlagworter", "schlagwort", "werbung", "anzeige",
        "dieser artikel ist teil", "dieser beitrag ist teil", "mehr erfahren", "alle rechte",
    ),
    "it": (
        "vai al contenuto", "salta al contenuto", "vai alla navigazione",
        "chiudi", "menu", "cerca", "dona", "dona ora", "sostienici", "sostieni", "abbonati",
        "iscriviti", "newsletter", "seguici", "condividi", "stampa", "leggi anche",
        "leggi di piu", "potrebbe interessarti", "articoli correlati", "correlati", "commenti",
        "commento", "commenta", "lascia un commento", "accedi", "categorie", "categoria", "tag",
        "pubblicita", "questo articolo fa parte", "questo post fa parte", "scopri di piu",
        "tutti i diritti riservati",
    ),
    "es": (
        "ir al contenido", "saltar a la navegacion", "saltar a la busqueda",
        "cerrar", "menu", "buscar", "dona", "donar", "haz una donacion", "apoyanos", "apoya",
        "suscribete", "boletin", "newsletter", "siguenos", "compartir", "comparte", "imprimir",
        "lee tambien", "leer mas", "te puede interesar", "relacionados", "noticias relacionadas",
        "articulos relacionados", "mas noticias", "comentarios",
        "comentario", "comenta", "iniciar sesion", "categorias", "categoria", "etiquetas",
        "publicidad", "este articulo es parte", "este articulo forma parte",
        "esta entrada es parte", "mas informacion", "todos los derechos reservados",
    ),
    "pt": (
        "ir para o conteudo", "saltar para a navegacao", "saltar para a pesquisa",
        "fechar", "menu", "pesquisar", "doe", "doar", "apoie", "assine", "inscreva se",
        "newsletter", "siga nos", "compartilhe", "partilhar", "imprimir", "leia tambem",
        "veja tambem", "leia mais", "relacionados", "noticias relacionadas",
        "artigos relacionados", "comentarios", "comentario", "comente",
        "entrar", "categorias", "etiquetas", "publicidade", "este artigo faz parte",
        "saiba mais", "todos os direitos reservados",
    ),
    "nl": (
        "sluiten", "menu", "zoeken", "doneer", "steun ons", "abonneer", "nieuwsbrief",
        "volg ons", "delen", "deel", "lees ook", "lees meer", "gerelateerd", "reacties",
        "reageer", "inloggen", "categorieen", "tags", "advertentie",
    ),
    "ru": (
        "перейти к навигации", "перейти к поиску", "перейти к содержанию",
        "закрыть", "меню", "поиск", "пожертвовать", "поддержите", "поддержать", "подпишитесь",
        "подписаться", "рассылка", "следите за нами", "поделиться", "печать",
        "читайте также", "читать далее", "по теме", "комментарии", "комментарий",
        "войти", "рубрики", "категории", "метки", "теги", "реклама", "узнайте больше",
        "показать все", "все права защищены",
    ),
    "pl": (
        "zamknij", "menu", "szukaj", "wesprzyj", "przekaz darowizne", "subskrybuj",
        "newsletter", "obserwuj nas", "udostepnij", "czytaj takze", "czytaj wiecej",
        "komentarze", "zaloguj sie", "kategorie", "tagi", "reklama",
    ),
    "tr": (
        "kapat", "menu", "ara", "bagis yap", "destek ol", "abone ol", "bulten", "bizi takip edin",
        "paylas", "ayrica okuyun", "devamini oku", "yorumlar", "giris yap", "kategoriler",
        "etiketler", "reklam",
    ),
    "ar": (
        "اغلق", "اغلاق", "القايمة", "بحث", "تبرع", "ادعم", "ادعمنا", "اشترك", "النشرة",
        "تابعونا", "شارك", "اقرا ايضا", "اقرا المزيد", "تعليقات", "التعليقات",
        "تسجيل الدخول", "التصنيفات", "اعلان", "تعرف اكثر", "جميع الحقوق محفوظة",
    ),
    "ja": (
        "閉じる", "メニュー", "検索", "寄付", "購読", "シェア", "関連記事", "コメント", "ログイン",
    ),
    "zh": ("关闭", "關閉", "菜单", "搜索", "捐款", "订阅", "分享", "相关文章", "评论", "登录"),
    "ko": ("닫기", "메뉴", "검색", "후원", "구독", "공유", "관련 기사", "댓글", "로그인"),
}  # fmt: skip

# Where a page breaks its text for an advertisement and says the text goes on ("Story
# continues below advertisement", "La suite après cette publicité"): page furniture set
# inside the text, between two of its paragraphs (the usual wordings of news sites).
CONTINUATION_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("story continues below", "article continues below", "continue reading"),
    "fr": ("la suite apres cette publicite", "suite apres la publicite", "lire la suite"),
    "de": ("weiter nach der anzeige", "fortsetzung nach der anzeige", "weiterlesen"),
    "it": ("continua a leggere", "continua dopo la pubblicita"),
    "es": ("sigue leyendo", "continua despues de la publicidad"),
    "pt": ("continua depois da publicidade", "continua apos a publicidade"),
}  # fmt: skip

# Labels that head a list of links to other articles or topics ("Related Topics", "Lire
# aussi", "Mehr zum Thema", "Теги"): standing alone, the short lines that follow them are
# those links. Same source as `PROMO_LABELS`, with the "most read" boxes of news sites.
RELATED_LABELS: dict[str, tuple[str, ...]] = {
    "en": (
        "related", "related topics", "related stories", "related articles", "related content",
        "more on this story", "more from", "more stories", "see also", "read more",
        "read also", "recommended", "most read", "most popular", "top stories", "tags",
        "topics",
    ),
    "fr": ("lire aussi", "a lire aussi", "voir aussi", "sur le meme sujet", "les plus lus",
           "mots cles", "etiquettes", "themes"),
    "de": ("mehr zum thema", "lesen sie auch", "auch interessant", "weitere artikel",
           "meistgelesen", "meistgelesene artikel", "schlagworter", "themen"),
    "it": ("leggi anche", "articoli correlati", "correlati", "potrebbe interessarti",
           "i piu letti", "tag", "argomenti"),
    "es": ("lee tambien", "relacionados", "noticias relacionadas", "articulos relacionados",
           "te puede interesar", "lo mas leido", "mas noticias", "mas informacion",
           "etiquetas", "temas"),
    "pt": ("leia tambem", "veja tambem", "relacionados", "noticias relacionadas",
           "artigos relacionados", "mais lidas", "etiquetas", "tags", "temas"),
    "nl": ("lees ook", "gerelateerd", "meest gelezen", "tags"),
    "ru": ("читайте также", "по теме", "самое читаемое", "теги", "метки", "темы"),
    "pl": ("czytaj takze", "najczesciej czytane"),
    "tr": ("ayrica okuyun", "en cok okunanlar"),
    "ar": ("اقرا ايضا", "الاكثر قراءة"),
    "ja": ("関連記事",),
    "zh": ("相关文章", "相關文章", "相关新闻", "相關新聞"),
    "ko": ("관련 기사",),
}  # fmt: skip

# A page's own label for the caption under a picture, on a line before it ("Image caption,"
# as the BBC sets it for screen readers, "Légende :", "Bildunterschrift"). Source: each
# language's word for a picture's caption (dictionary words).
CAPTION_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("image caption", "photo caption", "caption", "media caption", "video caption"),
    "fr": ("legende", "legende de l image", "legende photo"),
    "de": ("bildunterschrift", "bildtext", "bildlegende"),
    "it": ("didascalia",),
    "es": ("pie de foto", "pie de imagen", "leyenda", "leyenda de la imagen"),
    "pt": ("legenda", "legenda da foto", "legenda da imagem"),
    "nl": ("onderschrift", "bijschrift"),
    "ru": ("подпись к фото", "подпись к фотографии", "подпись к изображению"),
}  # fmt: skip

# The reading time some sites put under a title ("3 minute read", "Lecture : 4 min",
# "Lesezeit: 3 Min."): a number of minutes beside one of these words for reading
# (dictionary words).
READING_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("read", "reading time", "min read"),
    "fr": ("lecture", "temps de lecture"),
    "de": ("lesezeit", "lesedauer"),
    "it": ("lettura", "tempo di lettura"),
    "es": ("lectura", "tiempo de lectura"),
    "pt": ("leitura", "tempo de leitura"),
    "nl": ("leestijd",),
    "ru": ("чтение", "время чтения"),
    "pl": ("czytania", "czas czytania"),
}  # fmt: skip

# Words for "comments" that head the comment section after an article: from such a heading
# on, the page holds readers' comments and their rules, never the article (same source).
COMMENTS_HEADINGS: dict[str, tuple[str, ...]] = {
    "en": ("comments", "comment", "join the conversation", "leave a comment", "responses"),
    "fr": ("commentaires", "commentaire", "commentez", "laisser un commentaire", "reagir"),
    "de": ("kommentare", "kommentar", "kommentieren"),
    "it": ("commenti", "commento", "commenta", "lascia un commento"),
    "es": ("comentarios", "comentario", "comenta"),
    "pt": ("comentarios", "comentario", "comente"),
    "nl": ("reacties", "reageer"),
    "ru": ("комментарии", "комментарий"),
    "pl": ("komentarze",),
    "tr": ("yorumlar",),
    "ar": ("تعليقات", "التعليقات"),
    "ja": ("コメント",),
    "zh": ("评论", "評論"),
    "ko": ("댓글",),
}

# --- Credits (role "credit") --------------------------------------------------------------
# Words that open a picture, video or text credit: "Photo:", "Foto di …", "Bild: …",
# "Source : …", "Crédit photo …", "Screenshot …", "Cartoon by …". Source: the credit
# conventions of press style guides (AP Stylebook "photo credit", Le Monde's "Crédit photo",
# Italian "Foto di"), with each language's words for photo, picture, video, cartoon, source
# and credit (CLDR-style dictionary words, not any article's).
CREDIT_OPENERS: dict[str, tuple[str, ...]] = {
    "en": (
        "photo", "photos", "picture", "image", "images", "video", "illustration", "graphic",
        "map", "credit", "credits", "source", "sources", "courtesy", "screenshot",
        "screen shot", "screen capture", "photograph", "photographs", "footage", "copyright",
        "cartoon", "caricature",
    ),
    "fr": (
        "photo", "photos", "image", "images", "video", "illustration", "infographie", "carte",
        "credit", "credits", "credit photo", "source", "sources", "capture d ecran",
        "avec l aimable autorisation", "dessin", "caricature", "copyright",
    ),
    "de": (
        "foto", "fotos", "bild", "bilder", "video", "illustration", "grafik", "karte",
        "bildquelle", "bildnachweis", "quelle", "quellen", "screenshot", "mit freundlicher",
        "karikatur", "cartoon", "copyright",
    ),
    "it": (
        "foto", "immagine", "immagini", "video", "illustrazione", "grafica", "mappa", "credit",
        "crediti", "fonte", "fonti", "screenshot", "per gentile concessione", "vignetta",
        "caricatura", "copyright",
    ),
    "es": (
        "foto", "fotos", "fotografia", "imagen", "imagenes", "video", "ilustracion",
        "infografia", "mapa", "credito", "creditos", "fuente", "fuentes", "captura de pantalla",
        "cortesia", "caricatura", "vineta", "copyright",
    ),
    "pt": (
        "foto", "fotos", "fotografia", "imagem", "imagens", "video", "ilustracao", "mapa",
        "credito", "creditos", "fonte", "fontes", "captura de tela", "captura de ecra",
        "cortesia", "charge", "caricatura", "copyright",
    ),
    "nl": (
        "foto", "beeld", "video", "illustratie", "kaart", "bron", "screenshot", "cartoon",
        "karikatuur", "copyright",
    ),
    "ru": (
        "фото", "фотография", "изображение", "видео", "иллюстрация", "карта", "источник",
        "скриншот", "снимок экрана", "фото предоставлено", "карикатура",
    ),
    "pl": (
        "fot", "foto", "zdjecie", "zdjecia", "wideo", "ilustracja", "zrodlo", "zrzut ekranu",
        "karykatura",
    ),
    "tr": ("foto", "fotograf", "gorsel", "video", "kaynak", "ekran goruntusu", "karikatur"),
    "ar": ("صورة", "الصورة", "صور", "فيديو", "المصدر", "مصدر", "لقطة شاشة", "كاريكاتير"),
    "ja": ("写真", "画像", "動画", "出典", "提供", "撮影", "スクリーンショット", "風刺画", "漫画"),
    "zh": ("图片", "圖片", "照片", "视频", "來源", "来源", "摄影", "攝影", "截图", "漫画", "漫畫"),
    "ko": ("사진", "이미지", "영상", "출처", "촬영"),
}  # fmt: skip

# Of those, the words for a screenshot, always somebody else's picture: "Screenshot from a
# video by Reuters" is a credit without "by" or a colon (folded, as `CREDIT_OPENERS`).
SCREENSHOT_WORDS = frozenset(
    (
        "screenshot", "screen shot", "screen capture", "capture d ecran", "captura de pantalla",
        "captura de tela", "captura de ecra", "скриншот", "снимок экрана", "zrzut ekranu",
        "ekran goruntusu", "لقطة شاشة", "スクリーンショット", "截图",
    )
)  # fmt: skip

# News and picture agencies, which sign a wire photo with its photographer joined by slashes:
# "REUTERS/Kevin Lamarque", "(AP Photo/Evan Vucci)", "Kay Nietfeld/dpa", "EFE/Archivo",
# "Mandel Ngan/AFP via Getty Images". Source: the international and national news agencies
# of Wikipedia's "List of news agencies" that distribute photos, and the largest stock and
# editorial picture agencies; names folded (`folded_words`). Not language-bound.
PHOTO_AGENCIES = frozenset(
    (
        "reuters", "afp", "afp photo", "ap", "ap photo", "ap images", "efe", "epa", "epa efe",
        "ansa", "dpa", "picture alliance", "xinhua", "tass", "itar tass", "ria novosti",
        "sputnik", "kyodo", "jiji press", "yonhap", "anadolu", "anadolu agency", "aa", "pa",
        "pa images", "pa wire", "press association", "bloomberg", "europa press", "lusa",
        "agencia brasil", "keystone", "apa", "belga", "anp", "ctk", "pap", "ntb", "tt", "ritzau",
        "lehtikuva", "ana", "aap", "cna", "pti", "ani", "bernama", "antara", "wafa", "mena",
        "getty images", "afp via getty images", "imago", "alamy", "shutterstock", "sipa",
        "abaca", "nurphoto", "zuma", "zuma press", "polaris", "redux", "magnum photos",
        # The same agencies as papers in other scripts name them.
        "رويترز", "فرانس برس", "ا ف ب", "اسوشيتد برس", "الاناضول",
        "рейтер", "рейтерс", "риа новости", "тасс", "итар тасс", "интерфакс", "спутник",
        "新华社", "新華社", "路透社", "法新社", "美联社", "美聯社", "中新社",
        "共同", "共同通信", "時事", "時事通信", "ロイター", "afp時事", "연합뉴스", "로이터",
    )
)  # fmt: skip

# Words that link a picture to its author inside a credit: "Photo by …", "Foto di …",
# "Bild von …", "photo de …" (only when a name follows), "via @…". Prepositions of
# authorship, per language (grammar).
CREDIT_BY: dict[str, tuple[str, ...]] = {
    "en": ("by", "via", "courtesy of", "from"),
    # Not "de": "Photo de Port-au-Prince" is a photo of a place.
    "fr": ("par", "via", "avec l aimable autorisation de"),
    "de": ("von", "via", "uber"),
    "it": ("di", "da", "via", "per gentile concessione di"),
    "es": ("por", "via", "cortesia de"),
    "pt": ("por", "via", "cortesia de"),
    "nl": ("door", "via", "van"),
    "ru": ("автор", "via"),
    "pl": ("autor", "via"),
    "tr": ("via",),
}

# Licence and permission phrases that make a line a credit whatever else it says
# (Creative Commons licence names, in the localised names Creative Commons uses in Japan, China,
# Taiwan and Korea too; the usual "used with permission" in each language).
LICENCE_PHRASES: tuple[str, ...] = (
    "creative commons", "cc by", "cc-by", "cc0", "public domain", "used with permission",
    "used under", "all rights reserved", "utilisee avec autorisation", "utilise avec",
    "avec autorisation", "con permiso", "usada con permiso", "con autorizacion",
    "utilizzata con autorizzazione", "su autorizzazione", "mit genehmigung",
    "mit freundlicher genehmigung", "с разрешения", "используется под лицензией",
    "domaine public", "dominio publico", "dominio pubblico", "gemeinfrei",
    "クリエイティブ・コモンズ", "知识共享", "創用CC", "크리에이티브 커먼즈",
)  # fmt: skip

# --- Bylines (role "byline") ----------------------------------------------------------------
# Words that open an author line: "By …", "Par …", "Von …", "Di …", "Por …", "Автор: …".
# Prepositions and nouns of authorship, per language (grammar and press convention).
BYLINE_OPENERS: dict[str, tuple[str, ...]] = {
    "en": (
        "by",
        "written by",
        "posted by",
        "story by",
        "words by",
        "author",
        "reporting by",
        "additional reporting by",
        "editing by",
        "edited by",
        "compiled by",
    ),
    "fr": ("par", "ecrit par", "publie par", "auteur", "texte"),
    "de": ("von", "geschrieben von", "autor", "autorin", "text"),
    "it": ("di", "scritto da", "pubblicato da", "autore", "autrice", "testo di"),
    "es": ("por", "escrito por", "publicado por", "autor", "autora", "texto"),
    "pt": ("por", "escrito por", "publicado por", "autor", "autora"),
    "nl": ("door", "geschreven door", "auteur"),
    "ru": ("автор", "текст"),
    "pl": ("autor", "autorka"),
    "tr": ("yazan", "yazar"),
    "ar": ("بقلم", "كتبه", "الكاتب"),
    "zh": ("作者", "记者", "記者", "责任编辑", "責任編輯", "编辑", "編輯", "撰文"),
    "ja": ("記者", "執筆", "筆者"),
    "ko": ("기자", "글"),
}

# Words that introduce the date after the author's name on a byline line: "By X on 3 March",
# "Par X le 3 mars", "Von X am 3. März". The preposition or article a date takes in each
# language (grammar), with the publishing verbs blogs put before it.
DATE_INTRODUCERS: dict[str, tuple[str, ...]] = {
    "en": ("on", "posted on", "published on", "published", "posted", "updated"),
    "fr": ("le", "publie le", "publie", "mis a jour le", "mis a jour"),
    "de": ("am", "vom", "veroffentlicht am", "veroffentlicht", "aktualisiert am", "aktualisiert"),
    "it": ("il", "del", "pubblicato il", "pubblicato", "aggiornato il", "aggiornato"),
    "es": ("el", "publicado el", "publicado", "actualizado el", "actualizado"),
    "pt": ("em", "publicado em", "publicado", "atualizado em", "atualizado"),
    "nl": ("op", "gepubliceerd op", "gepubliceerd"),
    "ru": ("опубликовано",),
    "pl": ("dnia", "opublikowano"),
}

# --- Pictures (role "caption") ---------------------------------------------------------------
# Phrases that open a caption by pointing at the picture: "In the photo …", "Nella foto …",
# "Sur la photo …", "Auf dem Bild …", "En la imagen …", "На фото …". Each language's
# prepositional phrase with its words for photo, picture and video (grammar).
CAPTION_OPENERS: dict[str, tuple[str, ...]] = {
    "en": (
        "in the photo", "in this photo", "in the picture", "in this picture", "in the image",
        "pictured", "photo shows", "above", "below", "in the video", "file photo",
    ),
    "fr": (
        "sur la photo", "sur cette photo", "sur l image", "sur cette image", "sur les photos",
        "ci dessus", "ci dessous", "en photo", "en image", "dans la video",
    ),
    "de": ("auf dem bild", "auf dem foto", "im bild", "unser bild", "auf den bildern", "im video"),
    "it": (
        "nella foto", "nelle foto", "nell immagine", "nelle immagini", "in foto", "in alto",
        "in basso", "nel video",
    ),
    "es": ("en la imagen", "en la foto", "en la fotografia", "en imagen", "en el video"),
    "pt": ("na foto", "na imagem", "no video", "acima", "abaixo"),
    "nl": ("op de foto", "op de afbeelding", "in de video"),
    "ru": ("на фото", "на снимке", "на фотографии", "на видео"),
    "pl": ("na zdjeciu", "na filmie"),
    "tr": ("fotografta", "videoda"),
}  # fmt: skip

# The link Google Maps' embed code set under an embedded map, in the languages of its interface
# ("View Larger Map"; in Japanese, "より大きな地図で <the map's name> を表示", as in two of the
# press corpus's Global Voices posts of March 2011; the others as that embed code wrote them): the
# map's caption, in the interface's language whatever the page's, so every language's is looked for.
MAP_LINKS: tuple[str, ...] = (
    "view larger map", "agrandir le plan", "grossere kartenansicht", "ver mapa mas grande",
    "visualizza mappa ingrandita", "より大きな地図で", "大きな地図で見る",
)  # fmt: skip

# MediaWiki's skip links at the top of every page of a wiki (Wikipedia, Wikinews), as its
# interface messages "jumpto", "jumptonavigation" and "jumptosearch" read in each language:
# page furniture.
SKIP_LINKS: tuple[str, ...] = (
    "jump to navigation search", "wechseln zu navigation suche",
    "aller a navigation rechercher", "vai a navigazione ricerca",
    "saltar a navegacion busqueda", "ir para navegacao pesquisa", "перейти к навигация поиск",
)  # fmt: skip

# MediaWiki's link for editing a section, set after each section heading of a wiki page
# ("Quellen[Bearbeiten]", "Sources [edit]"): its interface message "editsection" in each
# language. A short line that ends with it is a sub-heading (`structure._own_role`).
EDIT_LINKS: tuple[str, ...] = (
    "edit", "bearbeiten", "modifier", "modifica", "editar", "bewerken", "править", "edytuj",
)  # fmt: skip

# MediaWiki's tagline under the title of every page of a wiki ("From Wikinews, the free news
# source you can write!", "Aus Wikipedia, der freien Enzyklopädie"): its interface message
# "tagline" ("From {{SITENAME}}") as each language's interface words it. Page furniture when
# the site's name that follows is a wiki's (`structure._is_wiki_tagline`).
WIKI_TAGLINES: tuple[str, ...] = (
    "from", "aus", "un article de", "de", "da", "uit", "z", "origem", "материал из",
)  # fmt: skip

# A site's note on the language of the pages its links lead to, set apart in brackets
# ("[Liens en anglais]", "(All links lead to Spanish-language pages.)"), as Global Voices
# and its language editions print it under a translated post: page furniture. Source: each
# language's dictionary word for a hyperlink.
LINK_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("link", "links"),
    "fr": ("lien", "liens"),
    "de": ("link", "links"),
    "it": ("link", "collegamento", "collegamenti"),
    "es": ("enlace", "enlaces", "vinculo", "vinculos"),
    "pt": ("link", "links", "ligacao", "ligacoes"),
    "nl": ("link", "links"),
    "ru": ("ссылка", "ссылки", "ссылок"),
    "pl": ("link", "linki", "linkow"),
    "ar": ("رابط", "روابط", "الروابط"),
    "ja": ("リンク",),
    "zh": ("链接", "鏈接", "連結"),
}

# A link to the same story in another medium, set between paragraphs by broadcasters' sites:
# "Watch Ravi Khanna's Companion TV Report:", "View the slide show of …", "Listen to the raw
# interview". An imperative of seeing or hearing (`MEDIA_PROMPTS`) and a word for a
# recording or a picture gallery (`MEDIA_WORDS`), in a short line with no full stop (page
# furniture: `structure._is_media_link`). Source: each language's imperatives of "watch",
# "view", "see", "listen", and its dictionary words for video, audio, report, interview, slide
# show and gallery.
MEDIA_PROMPTS: dict[str, tuple[str, ...]] = {
    "en": ("watch", "view", "see", "listen", "hear"),
    "fr": ("regardez", "voir", "visionnez", "ecoutez", "decouvrez"),
    "de": ("sehen sie", "schauen sie", "horen sie", "ansehen"),
    "it": ("guarda", "vedi", "ascolta", "guardate", "ascoltate"),
    "es": ("vea", "mire", "ver", "escuche", "mira", "escucha"),
    "pt": ("veja", "assista", "ouca", "confira"),
    "nl": ("bekijk", "kijk", "luister"),
    "ru": ("смотрите", "посмотрите", "слушайте", "послушайте"),
}
MEDIA_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "video", "videos", "report", "slide show", "slideshow", "gallery", "photos", "pictures",
        "interview", "audio", "podcast", "clip", "footage", "broadcast",
    ),
    "fr": (
        "video", "videos", "reportage", "diaporama", "galerie", "photos", "entretien",
        "interview", "audio", "podcast", "emission",
    ),
    "de": (
        "video", "videos", "bericht", "beitrag", "bildergalerie", "fotostrecke", "fotos",
        "interview", "audio", "podcast", "sendung",
    ),
    "it": (
        "video", "servizio", "fotogallery", "galleria", "foto", "intervista", "audio",
        "podcast",
    ),
    "es": ("video", "videos", "reportaje", "galeria", "fotos", "entrevista", "audio", "podcast"),
    "pt": ("video", "videos", "reportagem", "galeria", "fotos", "entrevista", "audio", "podcast"),
    "nl": ("video", "reportage", "fotoserie", "fotos", "interview", "audio", "podcast"),
    "ru": ("видео", "репортаж", "сюжет", "фотогалерея", "фото", "интервью", "аудио", "подкаст"),
}  # fmt: skip

# --- Commentary (addition type "commentary") ---------------------------------------------------
# Presentatives: words by which a text points at what follows ("Here is the statement …",
# "Ecco il comunicato …", "Voici …", "Hier ist …"): the outlet speaking about its own text.
# Source: the presentative particles and phrases of each language's reference grammar
# (it "ecco", fr "voici/voilà", es "he aquí", ru "вот", de "hier ist/sind", en "here is/are").
PRESENTATIVES: dict[str, tuple[str, ...]] = {
    "en": ("here is", "here are", "here s", "below is", "below are", "the following is"),
    "fr": ("voici", "voila", "ci dessous", "ci apres"),
    "de": ("hier ist", "hier sind", "im folgenden", "nachfolgend"),
    "it": ("ecco", "di seguito", "qui di seguito", "qui sotto"),
    "es": ("he aqui", "aqui esta", "aqui estan", "a continuacion"),
    "pt": ("eis", "aqui esta", "aqui estao", "a seguir"),
    "nl": ("hier is", "hier zijn", "hieronder"),
    "ru": ("вот", "ниже"),
}

# Epistemic and evaluative markers: modal verbs of possibility, hedges, and connectives of
# consequence or concession by which a writer argues rather than reports. Source: the
# hedging and stance markers of Hyland (1998, "Hedging in Scientific Research Articles") and
# Biber et al. (1999, Longman Grammar, "stance adverbials"), rendered in each language.
STANCE_MARKERS: dict[str, tuple[str, ...]] = {
    "en": (
        "could", "would", "might", "perhaps", "probably", "likely", "unlikely", "arguably",
        "clearly", "however", "therefore", "it seems", "seems", "in fact", "of course",
        "remains to be seen",
    ),
    "fr": (
        "pourrait", "pourraient", "serait", "seraient", "peut etre", "probablement",
        "sans doute", "semble", "en effet", "cependant", "toutefois", "neanmoins", "pourtant",
        "reste a savoir", "en realite",
    ),
    # Not "könnte"/"würde": folded, they are "konnte"/"wurde" (could, was), which report.
    "de": (
        "vielleicht", "vermutlich", "wahrscheinlich", "offenbar", "allerdings", "jedoch",
        "freilich", "tatsachlich", "bleibt abzuwarten", "moglicherweise",
    ),
    "it": (
        "potrebbe", "potrebbero", "sarebbe", "sarebbero", "forse", "probabilmente",
        "evidentemente", "infatti", "tuttavia", "peraltro", "di conseguenza", "sembra",
        "resta da vedere", "in realta",
    ),
    "es": (
        "podria", "podrian", "seria", "serian", "quiza", "quizas", "probablemente",
        "sin embargo", "sin duda", "de hecho", "parece", "en realidad",
    ),
    "pt": (
        "poderia", "poderiam", "seria", "seriam", "talvez", "provavelmente", "no entanto",
        "contudo", "de fato", "parece",
    ),
    "ru": ("может быть", "возможно", "вероятно", "однако", "впрочем", "по видимому", "кажется"),
}  # fmt: skip


@functools.cache
def phrases(table_name: str, language: str) -> tuple[str, ...]:
    """The folded entries of a table for a language, longest first; every language's when the
    language has none."""
    table = globals()[table_name]
    code = (language or "").lower().split("-")[0].split("_")[0]
    entries = table.get(code) or tuple(p for values in table.values() for p in values)
    return tuple(sorted({fold(p) for p in entries}, key=len, reverse=True))


_WORDS = re.compile(r"[^\W_]+")


def folded_words(text: str) -> str:
    """A text's folded words joined by single spaces, as the tables are written."""
    return " ".join(_WORDS.findall(fold(text)))


def starts_with(text: str, table_name: str, language: str) -> str | None:
    """The table's phrase the text starts with, as whole words, or None."""
    words = folded_words(text)
    for phrase in phrases(table_name, language):
        if words == phrase or words.startswith(phrase + " "):
            return phrase
    return None


def starts_with_any(text: str, entries: tuple[str, ...]) -> bool:
    """Does the text start with one of `entries` (any language's), as whole words?"""
    words = folded_words(text)
    return any(words == phrase or words.startswith(phrase + " ") for phrase in map(fold, entries))


@functools.lru_cache(maxsize=64)
def language_names(language: str) -> frozenset[str]:
    """The names of the world's languages as `language` writes them (CLDR, through babel),
    folded, one word of four letters or more each: "anglais", "englisch", "ingles"."""
    try:
        names = Locale.parse(language).languages.values()
    except (UnknownLocaleError, ValueError):
        return frozenset()
    folded = (folded_words(name) for name in names)
    return frozenset(name for name in folded if len(name) >= 4 and " " not in name)


def contains(text: str, table_name: str, language: str) -> bool:
    words = " " + folded_words(text) + " "
    return any(f" {phrase} " in words for phrase in phrases(table_name, language))
