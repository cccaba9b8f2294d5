"""The failure classes of issue 13 on fixtures of our own, written in the outlets' real layouts
(never copied pages): glued sign-offs and captions, credits under the headline, outlet tags,
prompts, officials' countries and pairs."""

from __future__ import annotations

from tests.conftest import officials_of, read_page


def test_glued_signoff_names_the_outlet_and_leaves_the_body():
    text = (
        "Deputy Defence Minister Le Van Tam (left) and his guest in Hanoi (Photo: qdnd.vn)\n\n"
        "– Deputy Defence Minister Le Van Tam met Colonel Aung Min, deputy chief of Myanmar's"
        " military training department, in Hanoi on June 3.They agreed to expand training ties"
        " within the ASEAN Defence Ministers' Meeting Plus.-VNA\n"
    )
    cleaned, found = read_page(text)
    assert found.outlet == "VNA"
    assert cleaned.body.endswith("Meeting Plus.")
    assert "June 3. They agreed" in cleaned.body  # the lost space is back
    assert [o.key for o in found.officials] == ["le van tam", "aung min"]  # no "Meeting Plus"
    assert found.country_pairs == ("MM-VN",)


def test_source_line_under_the_headline_is_a_credit_not_the_end():
    text = (
        "Viet Nam, Laos boost border ties\n\nSource: VNS\n\n"
        "Border guards of the two countries held talks in Lao Cai on Monday about joint patrols"
        " along the shared border and pledged closer cooperation.\n\n"
        "The two sides agreed to meet again next year.\n"
    )
    cleaned, found = read_page(text)
    assert "next year" in cleaned.body and "joint patrols" in cleaned.body
    assert found.outlet == "VNS"


def test_caption_glued_to_the_dateline_is_split_off():
    text = (
        "Minister Tran Binh (R) and Ambassador Kim Soo at the meeting (Source: VNA)Hanoi (VNA) –"
        " Minister Tran Binh received South Korean Ambassador to Vietnam Kim Soo on May 4.\n\n"
        "They discussed defence industry cooperation between the two countries.\n"
    )
    cleaned, found = read_page(text)
    assert cleaned.paragraphs[0].startswith("Hanoi (VNA) – Minister")
    assert any(r.reason == "caption" and "(Source: VNA)" in r.text for r in cleaned.removed)
    kim = next(o for o in found.officials if o.key == "kim soo")
    assert kim.country == "KR"  # not VN: "to Vietnam" is where he is posted
    assert found.country_pairs == ("KR-VN",)


def test_outlet_tag_and_prompts_are_not_article_text():
    text = (
        "Vietnam, Japan talk air defence\n\n"
        "(VOVworld) – Chief of the General Staff Sen. Lieut. Gen. Hoang Duc met Japanese Air Staff"
        " chief General Ito Ken in Hanoi on Monday to discuss training cooperation.\n\n"
        "Both sides agreed to step up delegation exchanges.\n\n"
        "Follow VOV on Google News\n\nFeedback\n\nOthers\n\nVietnam, Cuba sign an accord\n"
    )
    cleaned, found = read_page(text)
    assert cleaned.paragraphs[0].startswith("Chief of the General Staff")
    assert "Google News" not in cleaned.body and "Cuba" not in cleaned.body
    assert found.outlet == "VOV"
    assert found.country_pairs == ("JP-VN",)


def test_a_list_of_partners_is_not_a_pair_and_a_home_host_meets_each():
    text = (
        "Defence Minister hosts Thai, Indian ambassadors\n\n"
        "Minister of National Defence General Vo Quang received Thai Ambassador Somchai Dee and"
        " Indian Ambassador Ravi Rao in Hanoi on April 2.\n\n"
        "Delegates from Japan and Australia also attended the ceremony./.\n"
    )
    _, found = read_page(text)
    assert found.country_pairs == ("IN-VN", "TH-VN")
    assert found.outlet == "VNA"  # the "/." end mark is VNA's house style


def test_a_short_articles_signoff_is_its_signoff_not_a_credit():
    cleaned, found = read_page("Talks held\n\nThe two ministers met in Hanoi on Monday.\n\nVNA\n")
    assert found.outlet == "VNA"
    assert ("VNA", "sign-off") in cleaned.hints.outlets


def test_ambassadors_of_a_list_are_each_a_pair_with_home():
    _, found = read_page(
        "Minister receives four ambassadors\n\nHanoi (VNA) – Defence Minister General Tran Quan"
        " received the ambassadors of Laos, Cambodia, the Dominican Republic and Russia in Hanoi"
        " on April 4.\n\nThe minister said defence ties were a pillar of the relations.\n"
    )
    assert found.country_pairs == ("DO-VN", "KH-VN", "LA-VN", "RU-VN")


def test_hyphenated_pair_counts_and_an_institution_named_by_a_pair_does_not():
    _, found = read_page(
        "Border exchange a success\n\nCao Bang (VNA) – The fifth Vietnam-China border defence"
        " friendship exchange was a success, said Deputy Defence Minister Senior Lieutenant"
        " General Le Quoc.\n\nThe Vietnam-Russia Tropical Centre and the Vietnam-Japan University"
        " hosted exhibitions for the guests.\n"
    )
    assert found.country_pairs == ("CN-VN",)


def test_a_country_that_is_only_a_place_is_not_a_partner():
    _, found = read_page(
        "Field hospital ready\n\nVietnam’s level-2 field hospital in South Sudan will finish its"
        " UN peacekeeping duty in October and hand over to the next rotation.\n\nIts doctors"
        " treated soldiers of many nations.\n"
    )
    assert found.country_pairs == ()


def test_french_service_pairs():
    _, found = read_page(
        "Hanoï, 24 janvier (VNA) - Le navire singapourien a jeté l'ancre à Cam Ranh. La visite"
        " vise au renforcement de la coopération entre les armées du Vietnam et de Singapour.\n\n"
        "Les marins visiteront la province.\n"
    )
    assert found.country_pairs == ("SG-VN",)
    assert found.outlet == "VNA"


def test_a_caption_inside_hard_wrapped_prose_does_not_take_the_article_with_it():
    wrapped = (
        "Hanoi (VNA) – Minister of National Defence General Tran Quan received\n"
        "the ambassadors of Laos and Cambodia in Hanoi on April 14, and spoke\n"
        "highly of the special friendship and solidarity between the armies.\n"
        "General Tran Quan (right) and Lao Ambassador Khamphao Ern (Photo: VNA)\n"
        "The Lao ambassador congratulated the minister on his appointment and\n"
        "expressed his belief that the two armies will deepen their cooperation.\n"
    )
    cleaned, _ = read_page(wrapped)
    assert "congratulated the minister" in cleaned.body
    assert "(Photo: VNA)" not in cleaned.body


def test_page_furniture_of_copies_and_widgets_is_removed():
    text = (
        "Politics\n\nVietnam, Laos boost border patrols\n\n"
        "Border guards of Vietnam and Laos held joint patrols on Monday to check the markers along"
        " the shared border and pledged closer cooperation between the two countries.\n\n"
        "leftcenterrightdel\n\nThe patrol team checks a border marker\n\n"
        "Deputy Commander Colonel Le Van Anh (R) and Lao Major Khamla Phon\n\n(Photo: qdnd.vn)\n\n"
        "The two sides agreed to hold the next patrol in June.\n\n"
        "View the original article at Vietnamplus.\n"
    )
    cleaned, found = read_page(text)
    assert cleaned.title == "Vietnam, Laos boost border patrols"
    for furniture in ("Politics", "leftcenterrightdel", "checks a border marker", "Khamla Phon",
                      "original article"):  # fmt: skip
        assert furniture not in cleaned.body
    assert found.outlet == "VNA"  # (VietnamPlus is VNA's paper: one outlet)
    assert found.country_pairs == ("LA-VN",)
    assert "khamla phon" in [o.key for o in found.officials]  # named in the article's own caption


def test_a_sentence_on_the_two_nations_is_a_pair():
    _, found = read_page(
        "Minister attends ASEAN retreat\n\nDefence Minister General Tran Quan attended the ASEAN"
        " Defence Ministers' Meeting Retreat in Vientiane on Monday.\n\nVietnam has backed Laos’"
        " ASEAN Chairmanship, strengthening the friendship between the two nations' armies.\n"
    )
    assert found.country_pairs == ("LA-VN",)


def test_an_anniversary_last_year_dates_the_article_a_year_on():
    from searcher.extract.dates import find_dated
    from searcher.models import Hints

    body = (
        "The ministers met in Hanoi on August 6.",
        "Japan and Vietnam celebrated the 50th anniversary of diplomatic relations last year.",
    )
    assert find_dated(Hints(), None, body, ("JP-VN",))[0].isoformat() == "2024-08-06"


def test_a_founding_anniversary_dates_the_article_and_a_second_year_unsets_it():
    from searcher.extract.dates import find_dated
    from searcher.models import Hints

    opening = "The ambassador hosted a reception in Prague on December 15."
    founding = "It marked the 80th founding anniversary of the Vietnam People’s Army (VPA)."
    target = (
        "Both sides hope to make their relationship a strategic partnership in 2025, on the"
        " occasion of the 75th anniversary of their diplomatic ties."
    )
    assert find_dated(Hints(), None, (opening, founding), ("CZ-VN",))[0].isoformat() == (
        "2024-12-15"
    )
    # ties of 1950: the target names 2025, the founding 2024; of two years, none is sure
    assert find_dated(Hints(), None, (opening, founding, target), ("CZ-VN",))[0] is None


def test_uncredited_captions_between_paragraphs_of_a_plain_copy():
    para = (
        "The training ship left the port of Cam Ranh on Monday for a visit to Singapore, where its"
        " crew will hold exchanges with the Singaporean navy and visit several naval units."
    )
    cleaned, _ = read_page(
        f"Naval academy ship sails for Singapore\n\n{para}\n\n"
        "Officers of the Naval Academy seeing off the mission at the port\n\n"
        f"{para.replace('Monday', 'Tuesday')}\n\n"
        "Delegates in a joint photo\n\n"
        f"{para.replace('Monday', 'Friday')}\n\n"
        "General Tran Quan (R) receiving the ambassador\n\n"
        f"{para.replace('Monday', 'Sunday')}\n\nChina denies the accusation.\n\n"
        f"{para.replace('Monday', 'Saturday')}\n\nThe voyage lasts ten days.\n"
    )
    for caption in ("seeing off", "joint photo", "(R)"):
        assert caption not in cleaned.body
    # one-line paragraphs of prose stay: they are sentences
    assert "China denies the accusation." in cleaned.body
    assert "The voyage lasts ten days." in cleaned.body


def test_uncredited_captions_written_as_present_tense_sentences():
    # QDND prints a photo's caption as a sentence in the present tense, without a credit.
    para = (
        "The border guards of the two provinces held their annual review in Dien Bien on Monday"
        " and agreed to step up joint patrols along the shared border in the coming months."
    )
    cleaned, _ = read_page(
        "The patrol team of Na Son Border Post coordinates with Lao soldiers to check a marker.\n\n"
        f"{para}\n\n"
        "Members of the delegation bid farewell to the mainland.\n\n"
        f"{para.replace('Monday', 'Tuesday')}\n\n"
        "Colonel Tran Van Minh receives Mr. Somsak Inthavong.\n\n"
        f"{para.replace('Monday', 'Friday')}\n\n"
        "The exercise draws 30 ships from 12 navies.\n\n"  # (prose: no photo's verb)
        f"{para.replace('Monday', 'Sunday')}\n\n"
        "He receives the ambassadors of Laos and Cambodia every year.\n\n"  # (a pronoun: prose)
        f"{para.replace('Monday', 'Saturday')}\n\n"
        "The two sides conducted joint patrols on Monday.\n\n"  # (the past: prose)
        f"{para.replace('Monday', 'Thursday')}\n\n"
        "Participating forces conduct a search and rescue drill.\n"  # (last: no paragraph after)
    )
    for caption in ("coordinates with", "bid farewell", "receives Mr."):
        assert caption not in cleaned.body
    for prose in ("draws 30 ships", "He receives", "conducted joint", "search and rescue drill"):
        assert prose in cleaned.body
    assert "Saturday" in cleaned.body and "annual review" in cleaned.body


def test_a_feeds_dateline_above_the_storys_and_a_dateline_city_is_no_party():
    # A press-release feed's copy of a Việt Nam News story: the feed's own "COUNTRY, Month D -"
    # line, then the outlet's dateline; the home city of a dateline is where the story was filed.
    for head in (" date 2024-05-06 VIETNAM, May 6 -\n\n", "Vietnamese ship joins drill in Chile\n\n"
                 "VIETNAM, May 6 -  \n\n"):  # fmt: skip
        cleaned, found = read_page(
            f"{head}HÀ NỘI — Ship 18 of Naval Region 4 docked in Valparaíso, Chile, on Sunday to"
            " join a multilateral naval exercise, the army newspaper said.\n\n"
            "The exercise held by the Chilean navy will last until May 10, with a delegation of"
            " the Việt Nam People's Navy aboard the ship. — VNS\n"
        )
        assert "VIETNAM, May 6" not in (cleaned.title or "") + cleaned.body
        assert cleaned.body.startswith("HÀ NỘI — Ship 18")
        assert found.outlet == "VNS"
        assert found.country_pairs == ()  # a multilateral drill where the ship is: no pair


def test_a_name_set_off_by_commas_after_its_title_and_a_country_after_the_name():
    _, found = read_page(
        "Dialogue held\n\nDeputy Secretary for Strategy, Policy, and Industry at the Australian"
        " Department of Defence, Peter Tesch, co-chaired the dialogue in Hanoi on Monday.\n\n"
        "Meeting Secretary-General Datuk Lokman Hakim bin Ali of Malaysia, the minister spoke of"
        " the two countries' cooperation.\n"
    )
    by_key = {o.key: o.country for o in found.officials}
    assert by_key["peter tesch"] == "AU"
    assert by_key["lokman hakim bin ali"] == "MY"


def test_separate_meetings_and_a_trilateral_meeting_pair_with_home():
    _, found = read_page(
        "BEIJING (VNA) – Defence Minister Gen. Tran Quan held bilateral meetings with Chinese"
        " Minister of National Defence Gen. Li Wen, Lao Minister of National Defence Gen. Khamla"
        " Sone, Cambodian Minister of National Defence Gen. Tea Bun, and Mongolian Minister of"
        " Defence Bat Erdene on the sidelines of the Xiangshan Forum.\n\n"
        "The annual meeting of the defence ministers of Vietnam, Laos and Cambodia took place"
        " the next day.\n"
    )
    assert found.country_pairs == ("CN-VN", "KH-VN", "LA-VN", "MN-VN")


def test_the_two_countries_in_a_home_story_name_home():
    _, found = read_page(
        "Korean ships visit Ho Chi Minh City\n\nHo Chi Minh City (VNA) – Two Korean naval training"
        " ships anchored at Ho Chi Minh City's port on September 14 for a friendly visit.\n\n"
        "The visit celebrates the 30th anniversary of the two countries' diplomatic ties, the"
        " delegation head said.\n"
    )
    assert found.country_pairs == ("KR-VN",)


# What a review of the rules above found, kept from coming back.


def test_prose_that_looks_like_furniture_stays():
    def para(n: int) -> str:
        return f"In round {n} the two sides reviewed cooperation in training and medicine. " * 3

    text = (
        "Talks held\n\n"
        "At the meeting, Giang said Vietnam always values its special ties with Laos.\n\n"
        f"{para(1)}\n\nUS Senator Lindsey Graham (R) said on Sunday the talks would go on.\n\n"
        f"{para(2)}\n\nOthers:\n\n{para(3)}\n\nThe ministry did not respond to a request.\n\n"
        f"{para(4)}\n"
    )
    cleaned, _ = read_page(text)
    for prose in ("At the meeting, Giang said", "Graham (R) said", "did not respond", "round 4"):
        assert prose in cleaned.body  # (nothing after "Others:" was cut either)


def test_history_in_captions_and_sentences_gives_no_wrong_year():
    from searcher.extract.dates import find_dated
    from searcher.models import Hints

    archive = (
        "President Ho Chi Minh reads the Declaration, September 2, 1945 (Photo: VNA archive)",
    )
    assert (
        find_dated(Hints(), None, ("Celebrations were held on September 2.",), (), archive)[0]
        is None
    )
    body = (
        "They met on September 21.",
        "On the 50th anniversary of diplomatic relations, they agreed to meet in Tokyo next year.",
    )
    assert find_dated(Hints(), None, body, ("JP-VN",))[0].isoformat() == "2023-09-21"


def test_no_home_pairs_or_outlet_for_a_foreign_story():
    _, found = read_page(
        "BEIJING - China's foreign ministry said on Monday that the United States would"
        " strengthen ties with Japan, South Korea and Australia.\n\nThe ministry spoke in"
        " Beijing after the talks and gave no further details of the plans.\n"
    )
    assert found.outlet is None
    assert "VN" not in {c for p in found.country_pairs for c in p.split("-")}


def test_names_that_look_like_other_things():
    _, found = read_page(
        "Officials meet\n\nSouth Korean Foreign Minister Park Jin met Myanmar Ambassador U Kyaw"
        " Soe and Deputy Minister Thai Van Hung in Hanoi. Deputy Prime Minister Tran Luu Quang,"
        " Chairman of the Vietnam-China Steering Committee, attended.\n"
    )
    by_key = {o.key: o.country for o in found.officials}
    assert by_key == {"park jin": "KR", "kyaw soe": "MM", "thai van hung": "VN",
                      "tran luu quang": "VN"}  # fmt: skip


def test_a_home_leaders_visit_to_countries_pairs_each():
    _, found = read_page(
        "President to begin state visit to Indonesia\n\nPresident Vo Quan will pay a state visit"
        " to Indonesia from December 21, the Ministry of Foreign Affairs said.\n\nIt is the"
        " first visit of a Vietnamese President in nine years.\n"
    )
    assert found.country_pairs == ("ID-VN",)


def test_a_home_storys_visit_to_a_country_named_alone_is_homes():
    # "… with a friendly visit to Malaysia": no one else in the sentence, so home's own visit;
    # "Japan's Prime Minister … visit to India" names its own party and is not home's.
    _, found = read_page(
        "HCM CITY — A ship of the Việt Nam People’s Navy left HCM City on Wednesday for a"
        " multilateral naval exercise in India.\n\n"
        "Earlier, Naval Region 2 held a conference to review preparations for the exercise, in"
        " combination with a friendly visit to Malaysia.\n\n"
        "Japanese Prime Minister Ishi Taro also began an official visit to India on Monday.\n\n"
        "The crew will return next month. — VNS\n"
    )
    assert "MY-VN" in found.country_pairs
    assert not {"IN-VN", "JP-VN"} & set(found.country_pairs)  # (Japan's visit is Japan's)


def test_a_visit_in_the_french_services_copy():
    _, found = read_page(
        "(VOVWORLD) - Le général Tran Van Quan, vice-ministre de la Défense, effectue du 2 au 5"
        " mars une visite officielle au Japon.\n\n"
        "Il fera le point avec ses hôtes sur ce que les deux armées ont accompli ensemble.\n"
    )
    assert found.outlet == "VOV"
    assert found.country_pairs == ("JP-VN",)


def test_officials_of_the_french_and_german_services():
    _, fr = read_page(
        "Hanoï, 5 juillet (VNA) - Le ministre des Affaires étrangères Bui Thanh Son a reçu"
        " l'ambassadeur israélien Yaron Mayer à l'occasion de la fin de son mandat au Vietnam.\n"
    )
    assert [o.key for o in fr.officials] == ["bui thanh son", "yaron mayer"]
    _, de = read_page(
        "(VOVWORLD) - Vietnams Verteidigungsminister Ngo Xuan Lich empfing die südafrikanische"
        " Verteidigungsministerin Nosiviwe Mapisa Nqakula in Hanoi. Die beiden Seiten sprachen"
        " über die Zusammenarbeit.\n"
    )
    assert {o.key: o.country for o in de.officials}["ngo xuan lich"] == "VN"
    assert "nosiviwe mapisa nqakula" in [o.key for o in de.officials]


def test_titles_with_a_party_name_and_names_after_a_comma():
    _, found = read_page(
        "Visit held\n\nHe met with President of the Philippines and Honorary President of"
        " PDP-Laban Rodrigo Roa Duterte, Foreign Minister Ho Xuan Son,Vietnamese Ambassador Le"
        " Van An, and the new ambassador of Thailand, Tanee Sangrat.\n\nUndersecretary of State in"
        " the Italian Ministry of Foreign Affairs, Gianni Vernetti paid a visit.\n"
    )
    by_key = {o.key: o.country for o in found.officials}
    assert by_key["rodrigo roa duterte"] == "PH"
    assert {"ho xuan son", "le van an"} <= set(by_key)
    assert by_key["tanee sangrat"] == "TH"
    assert by_key["gianni vernetti"] == "IT"


def test_officials_brunei_titles_a_retired_rank_and_an_office_before_a_comma():
    from searcher.extract.officials import find

    by_key = {
        o.key: o
        for o in find(
            "The retreat was chaired by Brunei's Second Minister of Defence Major General"
            " (Retired) Dato Paduka Seri Haji Awang Rahim bin Haji Md Salleh, the Vietnamese"
            " officer said. Chaired by Haji Ali Azmi Bin Dato Paduka Haji Osman, Permanent"
            " Secretary at the Brunei Defence Ministry, the talks went on. Minister Giang also met"
            " Commander of the Indonesian National Army, General Budi Santoso. The delegation"
            " included Sr. Lt. Gen. Ramon Diaz Perez of Cuba. Chinese Ambassador to Việt Nam He"
            " Lin presented his credentials. Colonel Tran Van Son, Commander of the Việt Nam Coast"
            " Guard expressed confidence in the Japanese official's work. He then met David"
            " Lewis, Assistant Secretary Southeast Asia at the Australian Department of Defence.",
            "VN",
        )
    }
    assert by_key["rahim bin haji md salleh"].country == "BN"  # not the Vietnamese officer's
    assert "officer" not in (by_key["rahim bin haji md salleh"].title or "")
    assert by_key["ali azmi bin dato paduka haji osman"].country == "BN"
    assert by_key["budi santoso"].country == "ID"
    assert by_key["ramon diaz perez"].country == "CU"
    assert by_key["he lin"].country == "CN"
    assert by_key["tran van son"].country == "VN"  # the appositive ends at its verb
    assert by_key["david lewis"].country == "AU"
    assert not any("southeast" in k or k in ("sr", "") for k in by_key)


def test_a_copy_sites_read_full_link_and_cache_footer_are_furniture():
    cleaned, found = read_page(
        " date 2024-03-06 HÀ NỘI – Deputy Minister of National Defence Senior Lieutenant General"
        " Tran Van Hoa met Lao military attaché Colonel Somphone Keo in Hà Nội on Tuesday to review"
        " training ties and agreed to expand exchanges of young officers between the two armies"
        " in the coming… Read full this story\n\n"
        "Việt Nam, Laos review training ties have 254 words, post on vietnamnews.vn at March 6,"
        " 2024. This is cached page on NewsMirror. If you want remove this page, please contact"
        " us.\n"
    )
    assert cleaned.body.endswith("in the coming")
    assert "Read full" not in cleaned.body and "cached page" not in cleaned.body
    assert found.country_pairs == ("LA-VN",)


def test_a_hyphen_sign_off_in_mid_page_ends_the_article():
    # The French service: "… prochain. - AVI", then the teasers of other stories.
    cleaned, found = read_page(
        "Un navire de la Marine vietnamienne en visite à Singapour\n\n"
        "Le navire 20 de la Marine populaire du Vietnam est arrivé le 3 mars au port de Changi"
        " pour une visite d’amitié de quatre jours à Singapour.\n\n"
        "Ce navire quittera le port de Changi le 7 mars prochain. - AVI\n\n"
        "Présentation d’un ouvrage sur les acquis du mandat du Parti\n\n"
        "La cérémonie de présentation d’un ouvrage sur les réalisations du pays durant le mandat"
        " a eu lieu le 24 février, à Hanoï.\n"
    )
    assert found.outlet == "VNA"
    assert cleaned.body.endswith("le 7 mars prochain.")
    assert "ouvrage" not in cleaned.body


def test_a_reporters_line_of_its_own_names_the_outlet():
    for line in ("VOV-Korrespondent in Hanoi -", "Correspondant de VOV à Paris", "VOV reporter"):
        cleaned, found = read_page(
            f"Premier schlägt Zusammenarbeit vor\n\n{line}\n\n"
            "Der Plan des vietnamesischen Regierungschefs fand bei vielen Politikern im Ausland"
            " Beachtung, schrieb die Zeitung am Montag in ihrem Leitartikel.\n\n"
            f"{line}\n"
        )
        assert line not in cleaned.body
        assert found.outlet == "VOV"


def test_a_bare_caption_that_gives_to_someone():
    para = (
        "The minister and the ambassador reviewed the cooperation between the two armies in"
        " training, defence industry and peacekeeping over the past five years in Hanoi."
    )
    cleaned, _ = read_page(
        f"Minister receives ambassador\n\n{para}\n\nPresenting a souvenir to Ambassador Ravi Rao"
        f"\n\n{para.replace('five', 'ten')}\n\n{para.replace('five', 'two')}\n"
    )
    assert "souvenir" not in cleaned.body


def test_a_place_with_its_country_in_brackets_and_both_sides_of_a_bloc():
    _, found = read_page(
        "Frigate joins drill with Chinese navy\n\nZHANJIANG — A Vietnamese frigate joined a drill"
        " with the Chinese navy in Zhanjiang, China, on Monday, the two navies said.\n\n"
        "After the drill, the Vietnamese delegation will pay a friendly visit to Hong Kong (China)."
        "\n\n"
        "At the Japan-ASEAN forum, he urged both sides to expand cooperation under Japan's"
        " initiative and ASEAN's plans. — VNS\n"
    )
    assert found.country_pairs == ("CN-VN",)  # no HK-VN, no JP-VN
    assert "HK" not in found.countries


def test_a_vietnamese_language_page_is_read_for_its_pairs_and_officials():
    cleaned, found = read_page(
        "Bộ trưởng Quốc phòng Trần Văn Bình gặp Bộ trưởng Quốc phòng Nhật Bản\n\n"
        "Bên lề Hội nghị tại Viêng Chăn, Bộ trưởng Quốc phòng Việt Nam đã gặp song phương với"
        " Bộ trưởng Quốc phòng Nhật Bản và Bộ trưởng Quốc phòng Anh.\n\n"
        "Phóng viên Nguyễn Thị Anh và Lê Văn Nga đưa tin từ Viêng Chăn về chuyến thăm này.\n\n"
        "(TTXVN/Vietnam+)\n"
    )
    assert found.outlet == "VNA"
    assert found.country_pairs == ("GB-VN", "JP-VN")  # ("Anh", "Nga" as names are no countries)
    assert "RU" not in found.countries
    assert [(o.key, o.country) for o in found.officials][:1] == [("tran van binh", "VN")]
    assert "gặp song phương" in cleaned.body  # (the article keeps its own words)


def test_separate_meetings_with_several_countries_at_a_venue():
    _, found = read_page(
        "HANOI (VNA) – Foreign Minister Le Hoai Nam reiterated Vietnam's wish to deepen ties"
        " during his separate meetings with the foreign ministers of Japan and India in"
        " Vientiane, Laos, on July 26.\n\n"
        "The meetings took place on the sidelines of the ASEAN Foreign Ministers' Meeting.\n"
    )
    assert found.country_pairs == ("IN-VN", "JP-VN")  # not the venue, Laos


def test_a_pages_short_title_above_its_headline():
    body = (
        "The sixth Vietnam-China border friendship exchange, held on May 19 and 20, was a"
        " success, Deputy Defence Minister Senior Lieutenant General Tran Van Hoa said.\n"
    )
    cleaned, _ = read_page(
        "VN-China border exchange a success: Deputy Minister\n\n"
        f"Vietnam-China border exchange a success: Deputy Minister\n\n{body}"
    )
    assert cleaned.title == "Vietnam-China border exchange a success: Deputy Minister"
    assert "VN-China" not in cleaned.body
    # the headline printed again as an image's alt text stays the title's duplicate
    cleaned, _ = read_page(
        "Vietnam, Laos hold border talks\n\nVietnam, Laos hold border talks - ảnh 1\n\n"
        f"(VOVworld) – {body}"
    )
    assert cleaned.title == "Vietnam, Laos hold border talks"
    assert "hold border talks" not in cleaned.body


def test_a_vietnamese_reception_of_an_ambassador():
    _, found = read_page(
        "Bộ trưởng Quốc phòng tiếp Đại sứ Hàn Quốc\n\n"
        "Sáng 9/4, tại Hà Nội, Đại tướng Trần Văn Bình, Bộ trưởng Bộ Quốc phòng đã tiếp Đại sứ"
        " Hàn Quốc tại Việt Nam Kim Min Ho.\n\nHai bên nhất trí tăng cường hợp tác quốc phòng.\n"
    )
    assert found.country_pairs == ("KR-VN",)
    assert {o.key: o.country for o in found.officials} == {
        "tran van binh": "VN",
        "kim min ho": "KR",
    }


def test_a_related_headline_in_brackets_inside_the_story_goes_and_a_bracketed_note_stays():
    text = (
        "Vietnam, Laos hold border defence exchange\n\n"
        "Hanoi (VNA) – Defence Minister Phan Van Giang met Lao Defence Minister Chansamone"
        " Chanyalath at the border gate on May 4 to open the third exchange between the two"
        " armies.\n\n"
        "[Vietnam, Cambodia review border patrol cooperation]\n\n"
        "The two ministers agreed to expand joint patrols and training of border guards.\n\n"
        "[Editor's note: the exchange was first held in 2016.]\n\n"
        "The next exchange will be held in Laos.-VNA\n"
    )
    cleaned, found = read_page(text)
    assert "Cambodia review" not in cleaned.body
    assert "[Editor's note: the exchange was first held in 2016.]" in cleaned.body
    assert ("related-links", "[Vietnam, Cambodia review border patrol cooperation]") in {
        (r.reason, r.text) for r in cleaned.removed
    }
    assert found.country_pairs == ("LA-VN",)


def test_macedonia_before_its_rename_is_north_macedonia():
    _, found = read_page(
        "President receives new envoys\n\n"
        "Hanoi (VNA) – State President Truong Tan Sang on Monday received Macedonian ambassador"
        " Goran Petrovski, who came to present his credentials.\n\n"
        "The President said Vietnam wants closer trade ties with Macedonia.-VNA\n"
    )
    assert found.country_pairs == ("MK-VN",)
    assert {o.key: o.country for o in found.officials}["goran petrovski"] == "MK"


def test_a_spokesperson_in_lower_case_before_a_name_is_an_office():
    assert officials_of(
        "Vietnam rejects island tour\n\n"
        "Hanoi (VNA) – Foreign Ministry’s spokesman Tran Quoc Dung gave the answer on June 2"
        " when reporters asked about the planned tours.\n\n"
        "He said such tours violate Vietnam’s sovereignty.-VNA\n"
    ) == {"tran quoc dung": "VN"}


def test_one_plural_rank_before_two_names_joined_by_and_is_each_ones():
    _, found = read_page(
        "Vietnam, Laos border forces review cooperation\n\n"
        "Hanoi (VNA) – Border guards of Vietnam and the police of Laos’ Phongsaly province held"
        " their annual talks on cooperation in Dien Bien on May 4.\n\n"
        "At the end of the talks, Senior Colonels Tran Van Hoa and Bounmy Sisouk signed the"
        " minutes.-VNA\n"
    )
    assert found.country_pairs == ("LA-VN",)
    assert {o.key: (o.title, o.country) for o in found.officials} == {
        "tran van hoa": ("Senior Colonel", "VN"),
        "bounmy sisouk": ("Senior Colonel", "LA"),
    }


def test_a_school_named_for_a_titled_person_names_no_official():
    found = officials_of(
        "Defence delegation tours Cuban units\n\n"
        "Havana (VNA) – The Vietnamese delegation led by General Tran Van Hoa on Monday toured"
        " the Naval Academy of Admiral Jose Marti and a tank unit.\n\n"
        "He later met the head of the Military Academy of Logistics, Major General Pham Van Thu.\n"
    )
    assert found == {"tran van hoa": "VN", "pham van thu": "VN"}


def test_a_surname_that_opens_a_rank_ends_a_name_with_its_office_after_it():
    found = officials_of(
        "Embassy in London marks army day\n\n"
        "London (VNA) – The Vietnamese embassy in the UK held a reception on December 20 to mark"
        " the army's founding day.\n\n"
        "Among the guests was Peter Field, former Minister of State for Trade, who praised the"
        " ties.\n\nThe attaché thanked Field Marshal Tom Rear for coming.-VNA\n"
    )
    assert set(found) == {"peter field", "tom rear"}


def test_a_documents_signing_day_in_the_lede_is_not_the_articles_date():
    text = (
        "Border guards review cooperation\n\n"
        "Both sides reviewed how they had carried out the border security plan signed by the two"
        " commands on March 3, 2019 in Son La province, and agreed on their tasks for next year.\n\n"
        "The Vietnamese side thanked the Lao side for its warm welcome.\n"
    )
    _, found = read_page(text)
    assert found.date is None
    signed = text.replace(
        "the border security plan signed by the two commands on",
        "the two commands signed the border security plan on",
    )
    assert str(read_page(signed)[1].date) == "2019-03-03"


def test_people_given_as_examples_of_a_body_its_country_names_are_of_that_country():
    found = officials_of(
        "Ambassador presents credentials to the King\n\n"
        "London (VNA) – The new Vietnamese ambassador presented his credentials on June 4.\n\n"
        "The King said members of the Dutch royal family such as Prince Bernhard and Prince"
        " Claus had fond memories of Vietnam.-VNA\n"
    )
    assert (found["bernhard"], found["claus"]) == ("NL", "NL")
