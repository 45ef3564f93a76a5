"""Language detection: other languages named, English (and anything unclear) kept.

The samples are news-style paragraphs written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.doc import RawArticle
from eventwire.ingest.clean import clean_text
from eventwire.ingest.language import FUNCTION_WORDS, NAMES, LanguageGuess, detect_language
from eventwire.ingest.readers import read_paths

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"

SAMPLES = {
    "fr": "Des hommes armés ont attaqué un village du centre du Mali dans la nuit de dimanche à "
          "lundi, tuant au moins douze civils, selon des responsables locaux. Les assaillants sont "
          "arrivés à moto et ont incendié plusieurs maisons avant de prendre la fuite. L'armée a "
          "envoyé des renforts dans la zone, mais aucune arrestation n'a été annoncée.",
    "es": "Miles de personas marcharon el sábado por las calles de Bogotá para protestar contra la "
          "reforma tributaria del gobierno. La policía dispersó a los manifestantes con gases "
          "lacrimógenos cuando un grupo intentó llegar a la plaza principal. Según las "
          "autoridades, al menos veinte personas resultaron heridas y otras quince fueron "
          "detenidas.",
    "pt": "A polícia prendeu nesta terça-feira onze suspeitos de participar do ataque a uma "
          "agência bancária no interior de Minas Gerais. Segundo a investigação, o grupo usou "
          "explosivos para abrir o cofre e fugiu com uma quantia ainda não divulgada. Dois "
          "policiais ficaram feridos durante a troca de tiros que se seguiu à fuga.",
    "de": "Bei einem Angriff auf einen Kontrollpunkt im Norden des Landes sind am Mittwoch "
          "mindestens acht Soldaten getötet worden. Die Angreifer hätten die Stellung mit schweren "
          "Waffen beschossen, teilte das Verteidigungsministerium mit. Zu der Tat bekannte sich "
          "zunächst keine Gruppe, die Suche nach den Tätern dauert an.",
    "it": "Migliaia di lavoratori hanno partecipato ieri allo sciopero generale indetto dai "
          "sindacati contro la riforma delle pensioni. Nella capitale il corteo ha attraversato il "
          "centro senza incidenti, mentre a Milano la polizia ha fermato alcuni manifestanti che "
          "avevano lanciato oggetti contro gli agenti.",
    "nl": "De politie heeft zaterdag in Rotterdam tientallen demonstranten aangehouden na "
          "onrustige protesten tegen de nieuwe maatregelen. Volgens een woordvoerder werden er "
          "stenen en vuurwerk naar agenten gegooid. Twee agenten raakten lichtgewond en er is "
          "schade aan een aantal winkels in het centrum.",
    "pl": "W wyniku ostrzału artyleryjskiego, do którego doszło w nocy z soboty na niedzielę, "
          "zginęło pięciu cywilów, a kilkanaście osób zostało rannych. Jak poinformowały władze "
          "obwodu, pociski trafiły w budynki mieszkalne i szkołę. Służby ratunkowe przez całą noc "
          "przeszukiwały gruzy.",
    "ro": "Mii de oameni au protestat duminică în centrul Bucureștiului față de decizia guvernului "
          "de a majora taxele. Manifestanții s-au adunat în fața sediului executivului și au cerut "
          "demisia premierului. Potrivit jandarmeriei, protestul s-a desfăşurat fără incidente "
          "majore, dar câteva persoane au fost amendate.",
    "sv": "Polisen grep på tisdagen tre män som misstänks för skottlossningen i en förort till "
          "Stockholm förra veckan. En man i tjugoårsåldern dog och två andra skadades allvarligt "
          "vid händelsen. Enligt polisen har gripandena skett efter ett omfattande spaningsarbete.",
    "tr": "Ülkenin güneydoğusunda bir askeri karakola düzenlenen saldırıda iki asker hayatını "
          "kaybetti, dört asker de yaralandı. Valilikten yapılan açıklamaya göre saldırganlar gece "
          "saatlerinde karakola ağır silahlarla ateş açtı. Bölgede geniş çaplı bir operasyon "
          "başlatıldığı ve saldırganların yakalanması için çalışmaların sürdüğü bildirildi.",
    "id": "Ribuan mahasiswa berunjuk rasa di depan gedung parlemen di Jakarta pada hari Senin "
          "untuk menolak undang-undang yang baru disahkan. Polisi menembakkan gas air mata setelah "
          "sebagian pengunjuk rasa melempar batu ke arah petugas. Menurut polisi, puluhan orang "
          "ditangkap dan beberapa petugas mengalami luka ringan dalam bentrokan tersebut.",
    "sw": "Watu watano wameuawa na wengine kadhaa kujeruhiwa katika shambulio lililotokea usiku wa "
          "kuamkia leo katika kijiji kimoja kaskazini mwa nchi. Kwa mujibu wa polisi, "
          "washambuliaji walifika kwa pikipiki na kuwafyatulia risasi wanakijiji. Mkuu wa mkoa "
          "alisema kuwa vikosi vya usalama vimetumwa katika eneo hilo.",
    "ha": "'Yan bindiga sun kai hari a wani kauye da ke jihar Zamfara a daren ranar Lahadi, inda "
          "suka kashe mutane bakwai tare da sace wasu da dama. Wani mazaunin kauyen ya shaida wa "
          "manema labarai cewa maharan sun zo ne a kan babura. Rundunar 'yan sanda ta ce ta tura "
          "jami'anta zuwa yankin kuma ana ci gaba da bincike.",
    "so": "Ugu yaraan shan qof ayaa ku dhintay qarax ka dhacay suuq ku yaalla magaalada Muqdisho "
          "maanta. Sarkaal ka tirsan booliska ayaa sheegay in qaraxa uu ahaa mid si qorsheysan loo "
          "dhigay. Dad kale oo badan ayaa ku dhaawacmay, waxaana la geeyay isbitaalada magaalada.",
    "tl": "Patay ang tatlong sundalo at sugatan ang lima pa sa pananambang ng mga rebelde sa isang "
          "liblib na bayan sa Mindanao noong Martes. Ayon sa tagapagsalita ng militar, pinaputukan "
          "ng mga armadong lalaki ang sasakyan ng mga sundalo habang sila ay nagpapatrolya.",
    "hu": "Tüntetők ezrei vonultak vasárnap a főváros utcáira, hogy tiltakozzanak a kormány új "
          "törvényjavaslata ellen. A rendőrség szerint a megmozdulás békésen zajlott, bár néhány "
          "embert előállítottak. A szervezők további tüntetéseket jelentettek be a következő "
          "hetekre, és az ellenzéki pártok is csatlakoztak a felhíváshoz.",
    "vi": "Cảnh sát đã bắt giữ hơn hai mươi người trong cuộc biểu tình tại trung tâm thành phố vào "
          "chiều thứ Bảy. Theo các nhân chứng, những người biểu tình đã tụ tập trước trụ sở chính "
          "quyền để phản đối dự án khai thác mỏ. Một số người bị thương nhẹ khi lực lượng an ninh "
          "giải tán đám đông.",
    "ru": "В результате обстрела жилого квартала в пятницу погибли по меньшей мере шесть человек, "
          "ещё двадцать получили ранения. Об этом сообщили местные власти. Спасатели продолжают "
          "разбирать завалы, под которыми могут находиться люди.",
    "uk": "Унаслідок ракетного удару по місту в ніч на суботу загинули чотири людини, ще "
          "одинадцять отримали поранення. Про це повідомив голова обласної військової "
          "адміністрації. Рятувальники працюють на місці події.",
    "ar": "قُتل خمسة مدنيين على الأقل وأصيب عشرة آخرون في غارة جوية استهدفت سوقاً شعبياً في ريف "
          "إدلب صباح اليوم، بحسب ما أفاد به الدفاع المدني. وقال شهود عيان إن الطائرات قصفت المنطقة "
          "مرتين متتاليتين.",
    "fa": "پلیس روز شنبه ده‌ها نفر از معترضان را در مرکز شهر بازداشت کرد. به گفته شاهدان، ماموران "
          "برای پراکنده کردن جمعیت از گاز اشک‌آور استفاده کردند.",
    "zh": "据当地官员称，周一凌晨一场暴雨引发的山体滑坡造成至少十二人死亡，另有数人失踪。救援人员正在"
          "现场搜寻幸存者，部分道路因积水而中断。",
    "ja": "警察によりますと、土曜日の夜、市内の繁華街で男が通行人を刃物で襲い、三人がけがをしました。"
          "男はその場で取り押さえられ、逮捕されました。",
    "ko": "지난 토요일 서울 도심에서 수만 명이 참가한 대규모 집회가 열렸다. 참가자들은 정부의 노동 "
          "정책에 반대하며 행진했고, 경찰은 주요 도로를 통제했다.",
    "hi": "पुलिस ने बताया कि शनिवार को शहर के बाहरी इलाके में हुई हिंसक झड़प में दो लोगों की मौत "
          "हो गई और कई अन्य घायल हो गए। इलाके में अतिरिक्त बल तैनात किया गया है।",
    "el": "Χιλιάδες διαδηλωτές συγκεντρώθηκαν την Κυριακή στο κέντρο της Αθήνας για να "
          "διαμαρτυρηθούν για τις νέες περικοπές. Η αστυνομία έκανε χρήση δακρυγόνων.",
    "he": "שלושה בני אדם נפצעו הבוקר בפיגוע דקירה בתחנת אוטובוס במרכז העיר, כך מסרה המשטרה. "
          "המחבל נוטרל במקום על ידי עוברים ושבים.",
    "am": "በክልሉ በደረሰ የጎርፍ አደጋ ቢያንስ አሥር ሰዎች መሞታቸውን የአካባቢው ባለሥልጣናት ገለጹ። በሺዎች "
          "የሚቆጠሩ ሰዎች ከቤታቸው ተፈናቅለዋል።",
}

ENGLISH = [
    "Gunmen killed five villagers in an attack near Bankass in Mali on Monday, officials said. "
    "The attackers arrived on motorcycles and set fire to several houses before fleeing. The army "
    "said it had sent reinforcements to the area.",
    # English quoting French and Spanish, and full of foreign names: still English.
    "The mayor of Saint-Denis, Jean-Luc Dupont, said \u201cnous ne laisserons pas faire\u201d "
    "after the clashes. Protesters from the Frente de Todos and the Union des Travailleurs de la "
    "Seine marched to the prefecture, where police fired tear gas. Officials said 14 people were "
    "detained and two officers were hurt.",
    # A dateline and a list of names.
    "KHARTOUM, Sudan (AP) \u2014 Sudanese security forces killed at least three protesters on "
    "Thursday, a doctors' group said. The dead were named as Ahmed Abdel Rahman, Osman Ibrahim "
    "al-Tayeb and Mohamed Hassan. The protests began in December.",
]


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_other_languages_are_named(code: str) -> None:
    guess = detect_language(SAMPLES[code])
    assert guess.code == code, guess
    assert not guess.is_english and guess.confidence > 0.5
    assert guess.name == NAMES[code]


@pytest.mark.parametrize("text", ENGLISH)
def test_english_is_english(text: str) -> None:
    guess = detect_language(text)
    assert guess == LanguageGuess("en", guess.confidence, "function words")
    assert guess.is_english and guess.confidence > 0.6


def test_english_with_a_foreign_paragraph_is_english() -> None:
    text = "\n\n".join([ENGLISH[0], SAMPLES["fr"][:160], ENGLISH[2]])
    assert detect_language(text).is_english


@pytest.mark.parametrize(
    "text",
    ["", "Police fired.", "Le président a parlé.", "Путин", "1234 5678", "Kano, Nigeria"],
)
def test_short_text_counts_as_english(text: str) -> None:
    assert detect_language(text).is_english


def test_an_unlisted_language_is_not_english() -> None:
    finnish = ("Poliisi pidätti tiistaina kolme miestä, joita epäillään viime viikon ampumisesta "
               "Helsingin lähiössä. Yksi mies kuoli ja kaksi muuta loukkaantui vakavasti. Poliisin "
               "mukaan pidätykset tehtiin laajan tutkinnan jälkeen, ja myös muita henkilöitä "
               "saatetaan kuulla. Kaupungin pormestari sanoi, että asukkaiden turvallisuus on nyt "
               "tärkeintä ja että poliisi saa kaiken tarvittavan tuen.")
    guess = detect_language(finnish)
    assert guess.code == "und" and guess.name == "another language"


def test_script_markers_split_languages_of_one_script() -> None:
    assert detect_language(SAMPLES["uk"]).code == "uk"
    assert detect_language(SAMPLES["ru"]).code == "ru"
    assert detect_language(SAMPLES["fa"]).code == "fa"
    assert detect_language(SAMPLES["ar"]).code == "ar"


def test_function_word_lists_are_lower_case() -> None:
    assert len(FUNCTION_WORDS) == 18
    for words in FUNCTION_WORDS.values():
        assert all(w == w.lower() and " " not in w for w in words)
        assert len(words) >= 20


def test_bundled_examples_are_english() -> None:
    articles = [i for i in read_paths([EXAMPLES]) if isinstance(i, RawArticle)]
    assert len(articles) >= 17
    for raw in articles:
        guess = detect_language(clean_text(raw.text).text)
        assert guess.is_english and guess.basis == "function words", (raw.origin, guess)


def test_founding_example_is_english(seed_text: str) -> None:
    guess = detect_language(clean_text(seed_text).text)
    assert guess.is_english and guess.confidence > 0.8


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii"), max_size=300))
def test_never_fails_and_ascii_gibberish_stays_latin(text: str) -> None:
    guess = detect_language(text)
    assert guess.basis != "script"
    assert 0.0 <= guess.confidence <= 1.0
