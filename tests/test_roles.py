"""Role claims in the shapes real reports write them: lists of names with their titles before
or after them, the body a list's people act for, a title written again, acronyms a report
spells out. Texts written for these tests; the real spaCy pipeline."""

import pytest

from .conftest import facts_of


def roles_in(extractor, tmp_path, text, name="visit.txt"):
    facts = facts_of(extractor, tmp_path, name, text)
    return {(r.person, r.role, r.organisation) for r in facts.roles}


NAMES_THEN_TITLES = """Delegation from Harbin at the Baltic Polytechnic

The members of the delegation were: Zhao Minghui, Deputy Director of Harbin Municipal Foreign Affairs Office, Qian Shulan, Director of Harbin Songbei Technology Park Administration, Feng Jiawei, Chairman of Longjiang Heavy Machinery Corporation.
"""


def test_a_role_after_a_name_is_that_names_even_when_the_next_name_follows_its_comma(extractor, tmp_path):
    roles = roles_in(extractor, tmp_path, NAMES_THEN_TITLES)
    assert ("Zhao Minghui", "Deputy Director", "Harbin Municipal Foreign Affairs Office") in roles
    assert ("Qian Shulan", "Director", "Harbin Songbei Technology Park Administration") in roles
    assert ("Feng Jiawei", "Chairman", "Longjiang Heavy Machinery Corporation") in roles


TITLES_THEN_NAMES = """Visit of the Harbin delegation

On behalf of the Baltic Polytechnic the guests were welcomed by Vice Rector for Research Dmitry V. Sokolov, Director of Laboratory №4 Anna P. Kuznetsova, Deputy Director of Laboratory №4 Sergei Lebedev and other staff.
In Seoul we met the Prime Minister, His Excellency Kim Jong Pil, the Trade Minister, the Hon. Lee Sang Hoon and the Governor of the Central Bank, Dr Park Ji Won.
"""


def test_titles_written_before_names_belong_to_the_names_after_them(extractor, tmp_path):
    roles = roles_in(extractor, tmp_path, TITLES_THEN_NAMES)
    assert ("Anna P. Kuznetsova", "Director", "Laboratory №4") in roles
    assert ("Sergei Lebedev", "Deputy Director", "Laboratory №4") in roles
    assert ("Kim Jong Pil", "Prime Minister", None) in roles
    assert ("Lee Sang Hoon", "Trade Minister", None) in roles
    # never the next person's title, even where NER misses the next name ("Dr Park Ji Won")
    assert not any(person == "Anna P. Kuznetsova" and "Deputy" in role for person, role, _ in roles)
    assert not any(person == "Kim Jong Pil" and role != "Prime Minister" for person, role, _ in roles)
    assert not any(person == "Lee Sang Hoon" and "Governor" in role for person, role, _ in roles)


def test_the_body_a_lists_people_act_for(extractor, tmp_path):
    roles = roles_in(extractor, tmp_path, TITLES_THEN_NAMES)
    assert ("Dmitry V. Sokolov", "Vice Rector for Research", "Baltic Polytechnic") in roles
    text = """Meeting with the Hubei delegation

Honorary Chairman Dr Tan Wei Ming, Chairman Dr Goh Li Hua and other NAFSA colleagues met Director General Cao Yufeng and his delegation of the Hubei Provincial Commerce Department (HPCD) in Singapore on 3 May 2016.
"""
    roles = roles_in(extractor, tmp_path, text)
    assert ("Tan Wei Ming", "Honorary Chairman", "NAFSA") in roles
    assert ("Goh Li Hua", "Chairman", "NAFSA") in roles
    assert ("Cao Yufeng", "Director General", "Hubei Provincial Commerce Department") in roles


def test_a_title_written_again_takes_its_body_and_acronyms_are_spelled_out(extractor, tmp_path):
    text = """Visit by the Hunan Agriculture Office

Director General Peng Lixin and his delegation of the Hunan Provincial Agriculture Office (HPAO) visited Temasek Polytechnic. Deputy Director Ma Shuying of Foreign Cooperation, HPAO, presented the new seed exchange programme. Director Peng thanked the hosts.
We were then received by Ye Kaiming, President of FCCIH (Fujian Chamber of Commerce for Industry and Handicrafts).
"""
    roles = roles_in(extractor, tmp_path, text)
    assert ("Peng Lixin", "Director General", "Hunan Provincial Agriculture Office") in roles
    assert (
        "Ma Shuying",
        "Deputy Director of Foreign Cooperation",
        "HPAO (Hunan Provincial Agriculture Office)",
    ) in roles
    assert ("Ye Kaiming", "President", "FCCIH (Fujian Chamber of Commerce for Industry and Handicrafts)") in roles
    assert not any(person == "Peng Lixin" and org is None for person, _, org in roles)


def test_titles_next_to_other_names_and_articles(extractor, tmp_path):
    text = """Notes of the Jakarta visit

We were pleased to meet the then President Suharno and Vice-President Dewi Kartika. The agreement was signed by Dean Bold Ganbaatar of the Gobi Institute of Agriculture and Dean Wu Jianping of the School of Management at Hubei Normal University.
Mrs Karen Holt, the secretary of the delegation, kept the minutes. Lin Qiaoyun, Deputy Director of Nanjing Jiangbei New Area Administration, joined us.
"""
    roles = roles_in(extractor, tmp_path, text)
    assert ("Dewi Kartika", "Vice-President", None) in roles
    assert not any(person == "Dewi Kartika" and role == "President" for person, role, _ in roles)
    assert not any(person == "Bold Ganbaatar" and "Wu" in role for person, role, _ in roles)
    assert ("Karen Holt", "secretary of the delegation", None) in roles
    assert ("Lin Qiaoyun", "Deputy Director", "Nanjing Jiangbei New Area Administration") in roles


def test_professor_is_a_rank_beside_another_title_or_alone(extractor, tmp_path):
    text = """Academic visit to the Faculty of Law

The delegation toured the Centre for Maritime Law. Professor Helena Marchetti presented the centre's research on port disputes.
Later, Vice Dean Professor Tomasz Wielgus met the guests. Professor Daniel Ortega, Rector of the Andean University, thanked the hosts.
"""
    roles = roles_in(extractor, tmp_path, text)
    assert ("Helena Marchetti", "professor", None) in roles
    assert ("Tomasz Wielgus", "professor", None) in roles
    assert ("Tomasz Wielgus", "Vice Dean", None) in roles
    # a form of address beside the title the report gives
    assert not any(person == "Daniel Ortega" and role == "professor" for person, role, _ in roles)


def test_one_title_in_two_bodies_a_formal_title_in_brackets_and_titles_in_lower_case(extractor, tmp_path):
    text = """Trade mission to Kuala Lumpur

The mission was headed by Liu Guoqiang, Chairman of the Shandong Council for the Promotion of Foreign Trade (SDCPFT) and the Shandong Chamber of International Commerce.
We then met Rebecca Thornton, elected member (Common Councillor) of the Bristol City Council.
With short notice, team member Oliver Brandt of Deloitte stayed back for the round table.
"""
    roles = roles_in(extractor, tmp_path, text)
    assert any(p == "Liu Guoqiang" and r == "Chairman" and o and o.startswith("Shandong Council") for p, r, o in roles)
    assert ("Liu Guoqiang", "Chairman", "Shandong Chamber of International Commerce") in roles
    assert ("Rebecca Thornton", "Common Councillor", "Bristol City Council") in roles
    assert any(p == "Oliver Brandt" and r == "team member" for p, r, _ in roles)


def test_titles_stacked_before_a_name_and_a_list_of_two_people(extractor, tmp_path):
    text = """Courtesy call at the Senate

The President of the Senate looks on as Deputy to the National Assembly, Chairman of the Finance Committee of the Hanoi People's Council, Nguyen Van Thanh, signs the guest book.
In the evening the Mayor, Port Authority Head Graham Whitfield and I attended a dinner.
"""
    roles = roles_in(extractor, tmp_path, text)
    assert ("Nguyen Van Thanh", "Deputy", "National Assembly") in roles
    assert any(p == "Nguyen Van Thanh" and r == "Chairman" for p, r, _ in roles)
    assert not any(p == "Graham Whitfield" and r == "Mayor" for p, r, _ in roles)


HANSARD = """DELEGATION REPORTS

Parliamentary Delegation to Chile

Dr PEMBERTON (Fairfax) (11.02 a.m.)—I present the report of the parliamentary delegation to Chile. I thank Dr Alistair Pemberton's colleagues for their work.

Mrs HALLORAN (Capricornia) (11.05 a.m.)—As deputy leader of the delegation, I endorse the remarks of the member for Fairfax.
"""


def test_speakers_of_a_parliaments_record_are_members_for_their_seats(extractor, tmp_path):
    roles = roles_in(extractor, tmp_path, HANSARD)
    assert ("Alistair Pemberton", "member for Fairfax", None) in roles  # the full name the report gives
    assert ("Halloran", "member for Capricornia", None) in roles
    assert ("Halloran", "deputy leader of the delegation", None) in roles


def test_a_title_of_two_offices_and_a_translators_label(extractor, tmp_path):
    text = """Signing of the partnership with the University of Tonga

Professor Michael Hargreaves, Vice-Chancellor and President welcomed the High Commissioner to the campus.
Translator: Zhou Meiling
"""
    roles = roles_in(extractor, tmp_path, text)
    assert any(p == "Michael Hargreaves" and r == "Vice-Chancellor and President" for p, r, _ in roles)
    assert any(p == "Zhou Meiling" and r == "Translator" for p, r, _ in roles)


def test_relative_clauses_owners_envoys_and_nationalities(extractor, tmp_path):
    text = """Visit of the Suzhou delegation to the Nordic Innovation Agency

Mr. Tan Weiming, who is the director of the Suzhou Bureau of Commerce, said that the city wants more partners.
Ms. Anna Bergström, who serves as chief financial officer of Nordic Bank, presented the fund.
We also met the Ambassador of France to Japan, H.E. Mr. Philippe Setton, and Mr. Omar Haddad, Chargé d'Affaires of the Embassy of Jordan.
The agency's chief executive, Mr. Lars Nilsson, thanked everyone. We thank the Australian Ambassador Ric Holloway.
The agreement was signed by Dean Chen Haoran of the School of Economics and Management at Suzhou University.
"""
    roles = roles_in(extractor, tmp_path, text)
    assert ("Tan Weiming", "director", "Suzhou Bureau of Commerce") in roles
    assert ("Anna Bergström", "chief financial officer", "Nordic Bank") in roles
    assert not any(role.startswith("who") for _, role, _ in roles)
    assert ("Philippe Setton", "Ambassador to Japan", "France") in roles
    assert ("Omar Haddad", "Chargé d'Affaires", "Embassy of Jordan") in roles
    assert ("Lars Nilsson", "chief executive", "Nordic Innovation Agency") in roles
    assert ("Ric Holloway", "Ambassador", None) in roles  # "Australian" is no body
    assert any(p == "Chen Haoran" and o and o.startswith("School of Economics and Management") for p, _, o in roles)


def test_a_quoted_headline_states_no_role(extractor, tmp_path):
    text = """Trade policy review: standards

62 Ministry of Commerce, "Prime Minister Launches Omani Quality Mark", 24 August 2020.
The Prime Minister, H.E. Sheikh Khalid Al Busaidi, opened the session.
"""
    roles = roles_in(extractor, tmp_path, text)
    assert not any("Launches" in person for person, _, _ in roles)


# --- the body a title without one belongs to (issue 31, session 16) ---------------------------

STOP_BY_STOP = """Visit of the Kenyan agricultural delegation

The delegation from Nairobi arrived in Changsha on 3 May 2024.

At Hunan Lanting Pharmaceutical Co., Ltd., the guests learned about its production lines. Chairman Zhou Minghua presented the company's history and its plans for export.

In the afternoon there was a meeting with faculty from the College of Life Sciences. Associate Dean Professor Gao Lirong presented the college's research programmes.

A delegation led by Chairman Wu Bin then visited Changsha Sunrise Electronics Co., Ltd. and Hunan Greenfield Seeds Co., Ltd.
"""


def test_a_title_without_its_body_takes_the_one_body_of_its_kind_its_paragraph_names(extractor, tmp_path):
    roles = roles_in(extractor, tmp_path, STOP_BY_STOP)
    assert ("Zhou Minghua", "Chairman", "Hunan Lanting Pharmaceutical Co., Ltd.") in roles
    assert ("Gao Lirong", "Associate Dean", "College of Life Sciences") in roles
    # a sentence about the delegation's visit: its titles may be the visitors'
    assert not any(person == "Wu Bin" and body for person, _, body in roles)


def test_the_host_in_a_bodys_own_press_release_holds_a_title_of_that_body(extractor, tmp_path):
    text = """Library Partnership Renewed
Press Release: University of the Eastern Caribbean

Professor Alan Ferris, Vice-Chancellor welcomed Her Excellency Maria Duarte, Ambassador of Portugal, to the campus.
"""
    roles = roles_in(extractor, tmp_path, text)
    assert ("Alan Ferris", "Vice-Chancellor", "University of the Eastern Caribbean") in roles
    assert not any(person == "Maria Duarte" and body and "Caribbean" in body for person, _, body in roles)


def test_an_office_over_a_bracket_of_names_a_staff_and_examples_of_an_office(extractor, tmp_path):
    text = """Highlights of the March Board Minutes

The summit was attended by three directors (Anne Whitby, Mark Holloway and Susan Petrie).
The grant was reviewed by three trustees (J. Okafor, Mark Lindqvist and Ruth Baines).
We may work with the Society of Engineers, through the trustees such as Peter Langley.
I thank the Speaker, His Excellency Park Jin Ho and his staff Mr Tom Reyes and Mrs Ana Lopez who accompanied us.
"""
    roles = roles_in(extractor, tmp_path, text)
    people_with = {(person, role) for person, role, _ in roles}
    assert {("Mark Holloway", "director"), ("Susan Petrie", "director")} <= people_with
    # further names in the bracket, whether or not NER finds the first ("J. Okafor")
    assert {("Mark Lindqvist", "trustee"), ("Ruth Baines", "trustee")} <= people_with
    assert ("Peter Langley", "trustee") in people_with
    assert {("Tom Reyes", "staff"), ("Ana Lopez", "staff")} <= people_with


def test_a_research_associates_title_and_a_body_misspelt_once(extractor, tmp_path):
    text = """The Mayor Met with the Delegation from the Shinagawa Municipal Assembly

Yesterday, Mayor Tan Wei met a delegation from the Shinagawa Municipal Assembly. It was headed by the former Speaker of Shinagawa Muncipal Assembly Kenji Sato.

On behalf of the Baltic Polytechnic the guests were received by Vice Rector for Research Dmitry V. Sokolov and Senior Research Associate of Laboratory №4 Anna P. Kuznetsova.
The projects were presented by Senior Research Associate of the Optics Laboratory Helen Carter.
The guests also met Deputy Director of Institut №3 Marina K. Volkova, Senior Research Associate of Department №12 Pavel I. Orlov.
"""
    roles = roles_in(extractor, tmp_path, text)
    assert ("Kenji Sato", "former Speaker", "Shinagawa Municipal Assembly") in roles
    assert ("Anna P. Kuznetsova", "Senior Research Associate", "Laboratory №4") in roles
    assert ("Helen Carter", "Senior Research Associate", "Optics Laboratory") in roles
    # the title before a name NER missed ("Marina K. Volkova") is not the next name's
    assert ("Pavel I. Orlov", "Senior Research Associate", "Department №12") in roles
    assert not any(person == "Pavel I. Orlov" and role == "Deputy Director" for person, role, _ in roles)


def test_an_office_present_over_a_list_of_names(extractor, tmp_path):
    text = """Minutes of the Harbourside Trust Board, 4 March 2021

Directors present: Alan Price, Maria Gomez and Peter Olsen.
Members present: Karen Doyle and Luis Ortega.
"""
    people_with = {(person, role) for person, role, _ in roles_in(extractor, tmp_path, text, "minutes.txt")}
    assert {("Alan Price", "director"), ("Maria Gomez", "director"), ("Peter Olsen", "director")} <= people_with
    # "Members present:" says who came, not an office
    assert not any(role == "member" for _, role in people_with)


APPOINTMENTS = """Annual meeting of the Riverside Development Trust

Margaret Ellison was appointed Chief Executive of the Riverside Development Trust in May.
In June, Thomas Whitfield took over as Chair of the Harbour Board.
Gregory Olsen has been elected President of the Valley Chamber of Commerce.
Sarah Lindgren – Director, Northfield Housing Association – presented the housing plan.
Mark Evans, who was named Secretary of the Trust last year, took notes.
Daniel Brooks is the Head of Planning at Westshire County Council.
Henry Walsh was elected to the chair in 1805.
"""


def test_an_office_a_person_is_appointed_or_elected_to_or_is_and_a_title_between_dashes(extractor, tmp_path):
    roles = roles_in(extractor, tmp_path, APPOINTMENTS, "minutes.txt")
    assert ("Margaret Ellison", "Chief Executive", "Riverside Development Trust") in roles
    assert ("Thomas Whitfield", "Chair", "Harbour Board") in roles
    assert ("Gregory Olsen", "President", "Valley Chamber of Commerce") in roles
    assert ("Sarah Lindgren", "Director", "Northfield Housing Association") in roles
    # "the Trust": the body the report names with that word
    assert ("Mark Evans", "Secretary", "Riverside Development Trust") in roles
    assert ("Daniel Brooks", "Head of Planning", "Westshire County Council") in roles
    assert not any(person == "Henry Walsh" for person, _, _ in roles)


def test_the_field_of_a_title_is_no_body_and_a_copula_with_the_bodys_title(extractor, tmp_path):
    text = """Board meeting of the Westshire Health Board

Dr Simon Reed, Medical Director of the Westshire Health Board, and Kate Lowe, Director of Nursing, reported.
Laura Chen, the Board's Head of Finance, left early.
Tom Baker is Northgate Bank's new chief executive.
"""
    roles = roles_in(extractor, tmp_path, text, "minutes.txt")
    assert ("Kate Lowe", "Director of Nursing", None) in roles
    assert ("Laura Chen", "Head of Finance", "Westshire Health Board") in roles
    assert ("Tom Baker", "chief executive", "Northgate Bank") in roles


def test_a_contact_lists_body_label_and_a_field_in_lower_case(extractor, tmp_path):
    text = """Memorandum on joint incubation

3. Contacts

Harbour Innovation Hub: Ms. Ines Koller. Wuxi Biomedical Industry Association: Dr. Rafael Ortiz, head of industry services.
"""
    roles = roles_in(extractor, tmp_path, text, "memorandum.txt")
    assert ("Rafael Ortiz", "head of industry services", "Wuxi Biomedical Industry Association") in roles


def test_a_body_written_by_its_kind_alone_is_the_one_the_report_named_before(extractor, tmp_path):
    text = """Review of the Harbour Sub-center

On 3 May the steering group of the Kiel Harbour Sub-center met at the Bergen Science Park.
Dr. Ingrid Solberg, formerly head of incubation at the Bergen Science Park and chief executive of the Sub-center since March 2024, reported.
"""
    roles = roles_in(extractor, tmp_path, text, "review.txt")
    assert ("Ingrid Solberg", "chief executive", "Kiel Harbour Sub-center") in roles
    assert not any(org == "Sub-center" for _, _, org in roles)


# --- roles in the shapes other institutions write them (issue 31, session 17) ------------------


def test_a_bracket_with_contact_details_or_a_place_note_is_no_role(extractor, tmp_path):
    text = """Trade review

Questions on this review may be addressed to Mr Omar Haddad (tel: 041 228 7710) and Ms Lena Vogt (e-mail: lena.vogt@example.org).
The new terminal at Port Selwyn, run by Mr Tobias Krenz (close to the old harbour), opened in March.
Survey Coordinator: Dana Whitcombe (Supervisory Wildlife Biologist, Waterfowl)
"""
    roles = roles_in(extractor, tmp_path, text, "review.txt")
    assert not any(person in ("Omar Haddad", "Lena Vogt", "Tobias Krenz") for person, _, _ in roles)
    # a profession in brackets is the post, the label of the line the office; the field after the
    # profession is no body
    assert ("Dana Whitcombe", "Supervisory Wildlife Biologist", None) in roles
    assert ("Dana Whitcombe", "Survey Coordinator", None) in roles


def test_a_signature_whose_name_ends_in_a_comma_runs_to_the_full_stop(extractor, tmp_path):
    text = """Notice of proposed rule

The proposal takes effect after the comment period.

Issued on May 4, 2021.
Harriet M. Olsen,
Director, Fisheries Compliance
Division, Coastal Resources Service.
"""
    roles = roles_in(extractor, tmp_path, text, "notice.txt")
    assert ("Harriet M. Olsen", "Director of Fisheries Compliance Division", "Coastal Resources Service") in roles


def test_a_title_between_double_hyphens_and_an_office_given_as_its_chair(extractor, tmp_path):
    text = """Annual meeting of the Lakeside Water Trust

The Lakeside Water Trust welcomed Dr. Maria Lopez as its chair. The members thanked Ms. Grace Otieno -- Treasurer of the Lakeside Water Trust, who retires.
The Ministry of Health named Mr. Tom Reilly as Director of Planning of the Ministry of Health.
"""
    roles = roles_in(extractor, tmp_path, text, "meeting.txt")
    assert ("Maria Lopez", "chair", "Lakeside Water Trust") in roles
    assert ("Grace Otieno", "Treasurer", "Lakeside Water Trust") in roles
    assert ("Tom Reilly", "Director of Planning", "Ministry of Health") in roles


def test_people_ner_missed_in_a_list_of_titled_names(extractor, tmp_path):
    text = """Visit of the parliamentary delegation

In Manila we met with President Ramos, Vice-President Gloria Arroyo and the Speaker of the House, the Hon. Jose de Venecia.
The guests were received by Director of Laboratory №3 Pavel S. Orlov, Deputy Director of Laboratory №3 Tatiana V. Morozova, Head of Department №12 Igor N. Belov.

The members of the mission were:

Ren Zhiqiang, Deputy director of Harbin Municipal Foreign Affairs Office, Qian Shulan, Director of Harbin Songbei Technology Park Administration, Feng Jiawei, Chairman of Longjiang Heavy Machinery Corporation.
"""
    roles = roles_in(extractor, tmp_path, text, "visit.txt")
    assert ("Ramos", "President", None) in roles
    assert not any(org == "Ramos" for _, _, org in roles)  # a name, not Gloria Arroyo's body
    assert ("Tatiana V. Morozova", "Deputy Director", "Laboratory №3") in roles
    assert ("Ren Zhiqiang", "Deputy director", "Harbin Municipal Foreign Affairs Office") in roles


def test_another_persons_office_is_no_role_and_its_refers_to_the_body_named_before(extractor, tmp_path):
    text = """Opening of the water workshop

Mr. Daniel Osei, representing the Minister of Water Resources, opened the workshop. Ms. Ruth Addo, wife of the Governor, attended.
The workshop was hosted by the Volta River Authority. Its Director-General, Dr. Kwame Asante, briefed the team.
Dr. Efua Boateng, who heads the Policy Unit of the Ministry of Health, presented the plan.
The Deputy Minister of Finance, Mr. Abebe Kebede, closed the session. Mrs. Grace Mensah, Acting Director, Ghana Health Service, thanked everyone.
Ms. Jane Roe, Chair of the Harbour Trust, and Mr. John Poe, its Secretary, signed the minutes.
"""
    roles = roles_in(extractor, tmp_path, text, "workshop.txt")
    assert not any(person in ("Daniel Osei", "Ruth Addo") for person, _, _ in roles)
    assert ("Kwame Asante", "Director-General", "Volta River Authority") in roles
    assert ("Efua Boateng", "head of the Policy Unit", "Ministry of Health") in roles
    assert ("Abebe Kebede", "Deputy Minister of Finance", None) in roles
    assert ("Grace Mensah", "Acting Director", "Ghana Health Service") in roles
    assert ("John Poe", "Secretary", "Harbour Trust") in roles


def test_a_signature_page_laid_out_as_a_form_and_a_title_wrapped_over_two_lines(extractor, tmp_path):
    text = """Memorandum of Understanding

Signed for and on behalf of the Harbour Trust:
Name: Dr. Mary Ellenberg
Title: Executive Director
Date: 3 May 2021

For the Lakeside Water Trust

Peter Brandt
Chief Executive Officer
Lakeside Water Trust

Anna Ferreira
Head of International
Partnerships, Lakeside Water Trust
"""
    roles = roles_in(extractor, tmp_path, text, "memorandum.txt")
    assert ("Mary Ellenberg", "Executive Director", "Harbour Trust") in roles
    assert ("Peter Brandt", "Chief Executive Officer", "Lakeside Water Trust") in roles
    assert ("Anna Ferreira", "Head of International Partnerships", "Lakeside Water Trust") in roles


def test_titles_in_another_order_a_body_by_acronym_and_a_role_once_held(extractor, tmp_path):
    text = """Forum report 2022

Li Wei, Director-General, Department of International Cooperation, Ministry of Commerce, opened the forum. Mr. Sam Obi, NCC Chairman, spoke.
Mr. Tom Reed (Acme Holdings Ltd, Head of Sales) added figures. Acme Holdings' CFO Mary Jones agreed.
Mr. Paul Gray, who was Director of the Harbour Institute until 2019, retired.
"""
    roles = roles_in(extractor, tmp_path, text, "forum.txt")
    assert ("Li Wei", "Director-General of Department of International Cooperation", "Ministry of Commerce") in roles
    assert ("Sam Obi", "Chairman", "NCC") in roles
    assert ("Tom Reed", "Head of Sales", "Acme Holdings Ltd") in roles
    assert ("Mary Jones", "CFO", "Acme Holdings") in roles
    assert ("Paul Gray", "former Director", "Harbour Institute") in roles


def test_whom_a_person_is_accompanied_by_is_no_role_and_a_term_that_ended(extractor, tmp_path):
    text = """Board update

Mr. Alan Shore, accompanied by the Mayor of Riverton, toured the plant. Mr. Dan Cole, supported by the Clerk, presented the budget.
Ms. Jo Baker, the President's special envoy, attended. Tom Nash, Executive Director from 2012 to 2018, spoke.
Sarah Lin, Executive Director of the Harbour Trust since 2018, reported.
"""
    roles = roles_in(extractor, tmp_path, text, "update.txt")
    assert not any(person in ("Alan Shore", "Dan Cole") for person, _, _ in roles)
    assert ("Jo Baker", "special envoy of the President", None) in roles
    assert ("Tom Nash", "former Executive Director", None) in roles
    assert ("Sarah Lin", "Executive Director", "Harbour Trust") in roles


def test_a_title_after_a_photos_note_and_a_bodys_title_with_its_field(extractor, tmp_path):
    text = """News

Dr. Helen Grant (pictured), Chief Executive of the Harbour Trust, welcomed the visitors. Ms. Lucy Ward serves as the Harbour Trust's Director of Finance.
"""
    roles = roles_in(extractor, tmp_path, text, "news.txt")
    assert ("Helen Grant", "Chief Executive", "Harbour Trust") in roles
    assert ("Lucy Ward", "Director of Finance", "Harbour Trust") in roles
    assert not any(org == "Finance" for _, _, org in roles)


def test_the_title_after_a_photos_note_and_a_verb_is_the_next_persons(extractor, tmp_path):
    text = """Courtesy call

Ambassador of the Republic of Northland to Tarrow, His Excellency Olav Lindqvist (left), look on as Chairman of the Northland Trade Council, Republic of Northland, Erik Dahlberg, signs the guest book.
"""
    roles = roles_in(extractor, tmp_path, text, "caption.txt")
    assert ("Olav Lindqvist", "Ambassador to Tarrow", "Republic of Northland") in roles
    assert not any(person == "Olav Lindqvist" and "Chairman" in role for person, role, _ in roles)


def test_a_deputys_title_is_of_the_body_of_its_principal_that_its_sentence_names(extractor, tmp_path):
    text = """Meeting with the Hunan delegation

President Dr Chen Bo and other ASET colleagues held a meeting with the Hunan delegation on 3 May 2015.
Dr Chen and Vice-President Professor Liang Yufei presented ASET's programmes to the guests.
Vice-Governor Zhou Ping thanked the hosts.
"""
    roles = roles_in(extractor, tmp_path, text, "meeting.txt")
    assert ("Chen Bo", "President", "ASET") in roles
    assert ("Liang Yufei", "Vice-President", "ASET") in roles
    assert ("Zhou Ping", "Vice-Governor", None) in roles  # no principal named: no body


# --- roles in the shapes other institutions write them (issue 31, session 18) ------------------


def test_a_list_of_one_person_a_line_gives_each_line_its_own_title(extractor, tmp_path):
    text = """Annual Report 2023 of the Northgate Community Foundation

Board of Directors
Robert Mensah – Vice Chair
Anita Sharma – Treasurer
David Kowalski – Secretary

Our staff
Maria Lopez, Executive Director
Thomas Reid, Programme Manager
"""
    roles = roles_in(extractor, tmp_path, text, "annual.txt")
    assert ("Robert Mensah", "Vice Chair", None) in roles
    assert ("Anita Sharma", "Treasurer", None) in roles
    assert ("Maria Lopez", "Executive Director", None) in roles
    # the heading over the list is no title of its first entry alone
    assert not any(role == "director" for _, role, _ in roles)


SPEAKERS = """Steering group of the Open Maths Project, 3 June 2022

Participants:
- Amir Khan (AK): University of Leeds
- Beth Ward (BW): Arup
- Chen Yu (CY): Tsinghua University

Minutes
AK: As chair of the working group on data, I presented the draft.
BW: In my capacity as Director of Engineering at Arup, I support the plan. CY: agreed.
CY: My contract as Associate Professor at Tsinghua University ends in 2025. My term as President of the Alumni Council ended last year.
AK: noted. BW: As treasurer I will check the figures.
Tom Fisher: As Mary is the treasurer, I asked her to check the figures.
"""


def test_a_speaker_named_by_initials_states_their_role_in_the_first_person(extractor, tmp_path):
    roles = roles_in(extractor, tmp_path, SPEAKERS, "minutes.txt")
    assert ("Amir Khan", "chair of the working group on data", None) in roles
    assert ("Beth Ward", "Director of Engineering", "Arup") in roles
    assert ("Chen Yu", "Associate Professor", "Tsinghua University") in roles
    assert ("Chen Yu", "former President", "Alumni Council") in roles
    # a turn that starts after another's full stop is its own speaker's
    assert ("Beth Ward", "treasurer", None) in roles
    assert not any(person == "Amir Khan" and role == "treasurer" for person, role, _ in roles)
    # a clause about someone else is no title of the speaker's
    assert not any(person == "Tom Fisher" for person, _, _ in roles)


def test_a_role_left_is_a_former_one_and_one_to_serve(extractor, tmp_path):
    text = """Minutes of the Parish Council meeting held on 5 June 2023

Mr Jonathan Price resigned as Vice-Chairman with effect from 1 June. Mrs Emily Stone stepped down as treasurer of the Friends of Ashby Park.
The council agreed that Mr Robert Hale will serve as interim clerk until the vacancy is filled.
"""
    roles = roles_in(extractor, tmp_path, text, "minutes.txt")
    assert ("Jonathan Price", "former Vice-Chairman", None) in roles
    assert ("Emily Stone", "former treasurer", "Friends of Ashby Park") in roles
    assert ("Robert Hale", "interim clerk", None) in roles


def test_a_titles_field_after_for_or_and_and_two_titles_of_one_body(extractor, tmp_path):
    text = """Report on the regional health conference

Ms. Sarah Oduya, Minister for Health, opened the conference. Dr. Ruth Amani, Deputy Minister of Trade and Industry, closed the session.
Mr. Hiroshi Tanaka, President and CEO of Tanaka Industries, hosted a lunch. Ms. Wang Fang, his deputy, joined.
"""
    roles = roles_in(extractor, tmp_path, text, "report.txt")
    assert ("Sarah Oduya", "Minister for Health", None) in roles
    assert ("Ruth Amani", "Deputy Minister of Trade and Industry", None) in roles
    assert ("Hiroshi Tanaka", "President", "Tanaka Industries") in roles
    assert ("Hiroshi Tanaka", "CEO", "Tanaka Industries") in roles
    assert ("Wang Fang", "deputy", None) in roles
    assert not any(org == "Health" for _, _, org in roles)


def test_who_chaired_a_label_before_a_dash_and_a_title_both_before_and_after_a_name(extractor, tmp_path):
    text = """Minutes of the Library Committee, 3 March 2021

Present: Alan Brown (in the chair), Mary Fox
Vice-Chair – Mr. Samuel Toa

The meeting was chaired by Dr Ana Silva until 7 pm.
The Minister of Education, Hon. Grace Mbeki, MP, sent her greetings.
"""
    roles = roles_in(extractor, tmp_path, text, "minutes.txt")
    assert ("Alan Brown", "chair", None) in roles
    assert ("Samuel Toa", "Vice-Chair", None) in roles
    assert ("Ana Silva", "chair", None) in roles
    assert ("Grace Mbeki", "Minister of Education", None) in roles
    assert ("Grace Mbeki", "MP", None) in roles


def test_a_body_ner_misses_after_a_titles_comma(extractor, tmp_path):
    text = """Press release: Ministry of Education

Prof. Ivan Petrov, Rector, St Petersburg State University, and Dr. Olga Ivanova, Vice-Rector for International Relations, also attended.
"""
    roles = roles_in(extractor, tmp_path, text, "release.txt")
    assert ("Ivan Petrov", "Rector", "St Petersburg State University") in roles


def test_a_label_over_titled_names_and_a_superintendents_district(extractor, tmp_path):
    text = """Welcome to the meeting of the Riverside Unified School District Board of Education.
Special Meeting
Closed session
District Representatives: Board President Jane Roe and
Vice-President John Poe
Unrepresented Employee: Superintendent Linda Garcia
"""
    roles = roles_in(extractor, tmp_path, text, "agenda.txt")
    # the label's office, its word "District" the title's and the district's ("district
    # representative" of the school district, as the PDF gold reads the real agenda)
    assert ("Jane Roe", "District Representative", "Riverside Unified School District") in roles
    assert ("John Poe", "District Representative", "Riverside Unified School District") in roles
    assert ("Linda Garcia", "Superintendent", "Riverside Unified School District") in roles


def test_a_name_between_a_roles_label_and_a_title_in_brackets(extractor, tmp_path):
    text = """Annual survey report 2021

Survey: Seabird colonies
Survey Coordinator: Marta Quillfeather (Environmental Educator)
Email: marta_quillfeather@example.org

Survey: Moose census
Survey Coordinator: Olin Brackwater (Wildlife Biologist (Airplane Pilot))
"""
    roles = roles_in(extractor, tmp_path, text, "survey.txt")
    assert ("Marta Quillfeather", "Survey Coordinator", None) in roles
    assert ("Marta Quillfeather", "Environmental Educator", None) in roles
    assert ("Olin Brackwater", "Wildlife Biologist", None) in roles
    assert ("Olin Brackwater", "Airplane Pilot", None) in roles


def test_a_note_closing_a_list_entry_a_bodys_title_with_its_field_and_the_body_joined(extractor, tmp_path):
    text = """Minutes of the Board of Trustees meeting, 5 April 2022

Trustees present: Dr. Ruth Okoye (Chair), Mr. Daniel Pereira, Mrs. Fatima Noor

1. Welcome
The Chair welcomed Mr. Ben Adeyemi, who joined the board as a trustee in March. Ms. Karen Blake, the Agency's Director of International Affairs, attended as an observer.
"""
    roles = roles_in(extractor, tmp_path, text, "minutes.txt")
    assert ("Daniel Pereira", "trustee", None) in roles
    assert ("Fatima Noor", "trustee", None) in roles
    assert ("Ben Adeyemi", "trustee", "Board of Trustees") in roles
    assert ("Karen Blake", "Director of International Affairs", "Agency") in roles


def test_its_title_before_a_name_and_two_titles_joined_by_a_slash(extractor, tmp_path):
    text = """Memorandum of Understanding between Lakeside College and Riverbank Polytechnic

Signed for Lakeside College by its Principal, Dr. Helen Brooks, and for Riverbank Polytechnic by its Rector, Mr. Paulo Mendes.

Board of Directors of Lakeside College
Mrs. Bola Tinubu – Managing Director/CEO
"""
    roles = roles_in(extractor, tmp_path, text, "mou.txt")
    assert ("Helen Brooks", "Principal", "Lakeside College") in roles
    assert ("Paulo Mendes", "Rector", "Riverbank Polytechnic") in roles
    assert ("Bola Tinubu", "Managing Director/CEO", None) in roles


def test_a_title_after_a_note_in_brackets_and_a_relative_clause_with_also(extractor, tmp_path):
    text = """Report of the Executive Board, second session

Present: Dr. Zhou Min (investment services), Mr. Marco Rossi (partnerships)
The session was opened by Mr. Kwesi Mensah (Ghana), Vice-Chair of the Board. Mr. Chen Gang, who is also the Secretary-General of the Pacific Trade Association, attended.
"""
    roles = roles_in(extractor, tmp_path, text, "report.txt")
    # a post in lower case is no note: the next name is not its title
    assert ("Zhou Min", "investment services", None) in roles
    assert any(person == "Kwesi Mensah" and role == "Vice-Chair" for person, role, _ in roles)
    assert ("Chen Gang", "Secretary-General", "Pacific Trade Association") in roles


def test_a_person_named_by_one_name_holds_the_role_a_verb_gives_them_as(extractor, tmp_path):
    text = """Annual report 2019 of the Open Ledger Foundation

At the end of the last financial year, Jay decided to step down as a volunteer CEO. The directors then approached Basawaraj Kulkarni, who joined the foundation as its CEO in April.
"""
    roles = roles_in(extractor, tmp_path, text, "annual.txt")
    assert ("Jay", "former volunteer CEO", None) in roles
    assert any(person == "Basawaraj Kulkarni" and role == "CEO" for person, role, _ in roles)


def test_a_word_tables_participants_with_their_positions(extractor, tmp_path):
    import docx

    from reportqa.load import load_document

    document = docx.Document()
    document.add_heading("Visit of the Addis Ababa delegation to Harbour City", 1)
    document.add_paragraph("On 3 May 2023 a delegation from Addis Ababa visited Harbour City Council.")
    rows = [
        ("Name", "Position", "Organisation"),
        ("Mr. Abebe Bekele", "Deputy Mayor", "Addis Ababa City Administration"),
        ("Dr. Karen White", "Chief Executive", "Harbour City Council"),
        ("Ms. Hiwot Alemu", "", "Addis Ababa City Administration"),  # no position: an empty cell
    ]
    table = document.add_table(rows=len(rows), cols=3)
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    path = tmp_path / "visit.docx"
    document.save(path)
    facts = extractor.extract(load_document(path, source="visit.docx"), [])
    roles = {(r.person, r.role, r.organisation) for r in facts.roles}
    assert ("Abebe Bekele", "Deputy Mayor", "Addis Ababa City Administration") in roles
    assert ("Karen White", "Chief Executive", "Harbour City Council") in roles
    # an empty position is no position (nor is the body in the next column)
    assert not any(person == "Hiwot Alemu" for person, _, _ in roles)


OFFICERS = """Executive Officers of Northgate Rail Holdings Inc.

Northgate Rail Holdings Inc. publishes this list each year with its annual report.

Priya N. Raman, President and Chief Executive Officer since March 1, 2021; President and Chief Operating Officer of the Company from June 2019 to March 2021; Chief Financial Officer of the Company from 2015 to 2019.

Oskar T. Lindqvist, Chief Financial Officer of the Company since June 2019, Vice President of Treasury and Planning of the Company from 2016 to June 2019; Partner at Ferncliff Advisory, LLC from 2009 to 2016; Vice President of Finance at Lakemont Freight Services Inc. (LFS) from 2005 to 2009.
"""


def test_an_officers_career_each_post_with_its_term_ended_ones_former(extractor, tmp_path):
    roles = roles_in(extractor, tmp_path, OFFICERS, name="officers.txt")
    company = "Northgate Rail Holdings Inc."
    assert ("Priya N. Raman", "President and Chief Executive Officer", None) in roles
    assert ("Priya N. Raman", "former President and Chief Operating Officer", None) in roles
    assert ("Priya N. Raman", "former Chief Financial Officer", None) in roles
    # "of the Company": the report's own body, not another name holding the word
    assert ("Oskar T. Lindqvist", "Chief Financial Officer", company) in roles
    # a field after "of" is part of the title; a body after "at" is where the post was held
    assert ("Oskar T. Lindqvist", "former Vice President of Treasury and Planning", None) in roles
    assert ("Oskar T. Lindqvist", "former Partner", "Ferncliff Advisory, LLC") in roles
    assert ("Oskar T. Lindqvist", "former Vice President of Finance", "Lakemont Freight Services Inc. (LFS)") in roles
    assert not any(
        person == "Oskar T. Lindqvist" and role == "Chief Financial Officer" and body != company
        for person, role, body in roles
    )


def test_a_post_without_a_term_is_no_career():
    from reportqa.entities.careers import career_steps

    text = "Ms. Ada Brook, Director of Research; Chair of the Audit Committee from 2010 to 2012."
    # the first post has no term: this is a list of people or duties, not a career
    assert career_steps(text, text.index(";"), len(text)) == []
    dated = "Ms. Ada Brook, Director of Research since 2019; Chair of the Audit Committee from 2010 to 2012."
    assert career_steps(dated, dated.index(" since"), len(dated)) == [("former Chair", "Audit Committee")]


def test_a_table_cell_listing_posts_with_terms_and_a_role_left_as_of_a_day(extractor, tmp_path):
    text = (
        "Executive officers of Vantor Systems Inc.\n\nName | Age | Position\n"
        "Mr. Paolo Rinaldi | 61 | Vice President and Treasurer since January 2018. Assistant Treasurer from March "
        "2012 to January 2018.\n"
        "Ms. Greta Holm | 45 | General Counsel\n\n"
        "Mr. Ivo Marsh resigned as our Chief Financial Officer as of December 5, 2019.\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="officers.txt")
    assert ("Paolo Rinaldi", "Vice President and Treasurer", None) in roles
    assert ("Paolo Rinaldi", "former Assistant Treasurer", None) in roles
    assert ("Greta Holm", "General Counsel", None) in roles  # a cell of one post, as it was
    assert ("Ivo Marsh", "former Chief Financial Officer", None) in roles


def test_a_field_then_the_body_at_a_lower_case_owner_a_clause_with_a_term_and_an_appointment_with_effect(
    extractor, tmp_path
):
    text = (
        "Visit of the Tartu delegation to Nordhaven Science Park\n\n"
        "On 14 May 2024 Kaspar Tamm, Vice-Rector for Research at Tartu Polytechnic University, visited the park. "
        "Marta Kuusk serves as Head of Admissions at Tartu Polytechnic University.\n"
        "Tiina Mets, the university's Head of Innovation, spoke next.\n"
        "Ole Hansen, who has chaired the board since 2019, welcomed the guests.\n"
        "Henrik Dahl has been appointed Director of Partnerships with effect from 1 June 2024.\n"
    )
    roles = roles_in(extractor, tmp_path, text)
    university = "Tartu Polytechnic University"
    assert ("Kaspar Tamm", "Vice-Rector for Research", university) in roles
    assert ("Marta Kuusk", "Head of Admissions", university) in roles
    assert ("Tiina Mets", "Head of Innovation", university) in roles
    assert ("Ole Hansen", "chair of the board", None) in roles
    assert ("Henrik Dahl", "Director of Partnerships", None) in roles


def test_an_owner_opening_the_sentence_a_former_title_a_lead_and_a_unit_before_its_body(extractor, tmp_path):
    text = (
        "Minutes of the Harbour Board, 3 March 2024\n\n"
        "Nordhaven's chief financial officer, Maria Berg, presented the budget.\n"
        "Former mayor Anders Lund also attended.\n"
        "Speakers: Karin Voss, Head of Digital Services, Tallinn City Council; Jonas Berg, Programme Lead, "
        "Nordhaven Science Park.\n"
    )
    facts = facts_of(extractor, tmp_path, "minutes.txt", text)
    roles = {(r.person, r.role, r.organisation) for r in facts.roles}
    assert ("Maria Berg", "chief financial officer", "Nordhaven") in roles
    assert ("Anders Lund", "former mayor", None) in roles
    assert ("Karin Voss", "Head of Digital Services", "Tallinn City Council") in roles
    assert ("Jonas Berg", "Programme Lead", "Nordhaven Science Park") in roles
    # a title ending with a role's word is no person
    assert "Programme Lead" not in {m.text for m in facts.mentions if m.kind == "person"}


def test_a_name_after_a_title_that_ner_misses_is_a_person_but_not_a_title_before_common_words(extractor, tmp_path):
    text = (
        "Kenyan delegation visits Ghent University\n\n"
        "The guests were welcomed by Rector Rik Van de Walle and Ms. Ann Peters.\n"
        "Audit fees | 2023 | 2022\nPrincipal Accountant Fees | 1,200 | 1,150\n"
    )
    facts = facts_of(extractor, tmp_path, "visit.txt", text)
    people = {m.text for m in facts.mentions if m.kind == "person"}
    assert "Rik Van de Walle" in people and "Accountant Fees" not in people
    assert ("Rik Van de Walle", "Rector", None) in {(r.person, r.role, r.organisation) for r in facts.roles}


def test_a_form_of_address_in_an_attendance_list_co_opted_and_standing_down_with_immediate_effect(extractor, tmp_path):
    text = (
        "Riverside Community Trust\nMinutes of the Board Meeting held on 9 April 2024\n\n"
        "Present: Cllr Joan Whitaker (Chair), Mr Peter Okoye (Treasurer), Tom Bradley\n\n"
        "Mr Daniel Frost was co-opted as a trustee. Tom Bradley stood down as Vice-Chair with immediate effect.\n"
    )
    facts = facts_of(extractor, tmp_path, "minutes.txt", text)
    roles = {(r.person, r.role, r.organisation) for r in facts.roles}
    assert ("Joan Whitaker", "Chair", None) in roles  # not "Cllr Joan Whitaker"
    assert "Cllr Joan Whitaker" not in {m.text for m in facts.mentions}
    assert ("Daniel Frost", "trustee", None) in roles
    assert ("Tom Bradley", "former Vice-Chair", None) in roles  # no body called "immediate effect"


def test_a_unit_and_its_body_that_ner_reads_as_one_name(extractor, tmp_path):
    text = (
        "Memorandum of Understanding between the University of Nairobi and Aalto University\n\n"
        "Signed in Espoo on 4 June 2024.\n\n"
        "Witnessed by: Dr. Anne Mwangi, Director of Linkages, University of Nairobi\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="mou.txt")
    assert ("Anne Mwangi", "Director of Linkages", "University of Nairobi") in roles


def test_who_had_served_as_is_a_former_role_and_a_title_is_no_body_a_role_refers_to(extractor, tmp_path):
    text = (
        "Annual Report 2023 of the Mekong Delta Research Institute\n\n"
        "Head of Administration: Nguyen Thi Mai\n\n"
        "Ms. Bui Thi Hoa, who had served as Head of Administration since 2015, retired in March 2023.\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="annual.txt")
    bui = {(role, body) for person, role, body in roles if person == "Bui Thi Hoa"}
    assert bui and all(role.startswith("former ") for role, _ in bui)
    assert not any(body == "Head of Administration" for _, body in bui)


def test_minister_of_state_is_one_title(extractor, tmp_path):
    text = (
        "Study visit to Rwanda\n\nOn 7 February 2024 the team visited the Rwanda Biomedical Centre, where "
        "Dr. Yvan Butera, Minister of State, presented the national vaccination programme.\n"
    )
    assert ("Yvan Butera", "Minister of State", None) in roles_in(extractor, tmp_path, text)


def test_a_qualifier_in_ing_before_a_title_is_part_of_it(extractor, tmp_path):
    text = (
        "Greenfield Unified School District\nMinutes of the Regular Board Meeting, January 16, 2024\n\n"
        "Staff present: Superintendent Dr. James Carter; Recording Secretary Ana Ruiz.\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="minutes.txt")
    assert ("Ana Ruiz", "Recording Secretary", None) in roles


def test_a_delegations_leader_titled_before_the_name_and_a_titled_person_after_a_body_in_a_list(extractor, tmp_path):
    text = (
        "Jiangsu Provincial Delegation Visits Osaka\n\n"
        "On November 14, 2019, a delegation of the Jiangsu Provincial Department of Commerce led by Deputy "
        "Director-General Zhou Xiaoyan visited the Osaka Chamber of Commerce and Industry.\n"
        "Also present were Li Ming, General Manager of Jiangsu Sainty Co., Ltd., and Wang Fang, Party Secretary "
        "of Suzhou Industrial Park.\n"
    )
    facts = facts_of(extractor, tmp_path, "visit.txt", text)
    roles = {(r.person, r.role, r.organisation) for r in facts.roles}
    assert ("Zhou Xiaoyan", "Deputy Director-General", "Jiangsu Provincial Department of Commerce") in roles
    assert ("Wang Fang", "Party Secretary", "Suzhou Industrial Park") in roles
    assert "Wang Fang" not in {m.text for m in facts.mentions if m.kind == "org"}


def test_a_name_given_an_office_a_field_of_the_body_joined_and_an_occasion_left_at(extractor, tmp_path):
    text = (
        "Annual Report 2023 - Harbourview Foundation\n\n"
        "In April 2023 the Board appointed Jane Doe as Chief Executive.\n"
        "Dr. Amir Haddad joined the Foundation as Director of Programmes in June 2023.\n"
        "Sarah Lim stepped down as Treasurer at the AGM.\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="annual.txt")
    assert ("Jane Doe", "Chief Executive", None) in roles  # a name NER does not see, given an office
    amir = {(role, body) for person, role, body in roles if person == "Amir Haddad"}
    assert amir and all(role == "Director of Programmes" for role, _ in amir)
    assert ("Sarah Lim", "former Treasurer", None) in roles  # "the AGM" is when, not a body


def test_a_ministers_portfolio_of_several_fields_is_the_title(extractor, tmp_path):
    text = (
        "Visit of the Wuxi delegation\n\n"
        "They were received by Mr. Joao Costa, Minister for Science, Technology and Higher Education, on Monday.\n"
        "They met Ms. Rita Alves, Minister for Trade and Industry, too.\n"
    )
    roles = roles_in(extractor, tmp_path, text)
    assert ("Joao Costa", "Minister for Science, Technology and Higher Education", None) in roles
    assert ("Rita Alves", "Minister for Trade and Industry", None) in roles
    assert not any(person == "Joao Costa" and body for person, _, body in roles)


def test_a_newly_appointed_title_and_one_held_until_a_month(extractor, tmp_path):
    text = (
        "Minutes of the Audit Committee, 5 May 2022\n\n"
        "The Chair welcomed Ms Ruth Adeyemi, the newly appointed Head of Internal Audit.\n"
        "Mr Karl Vogel, Head of Internal Audit until April 2022, has left the organisation.\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="minutes.txt")
    assert ("Ruth Adeyemi", "Head of Internal Audit", None) in roles
    assert ("Karl Vogel", "former Head of Internal Audit", None) in roles


def test_an_office_stated_by_a_copula_and_when_it_was_held(extractor, tmp_path):
    text = (
        "Annual Report 2022 of the Kestrel Valley Water Board\n\n"
        "Brian Otieno was previously Head of Finance at Harlow Water.\n"
        "Carla Mendes is our Chief Financial Officer.\n"
        "Elena Rossi remains Company Secretary.\n"
        "Farid Haddad has been Managing Director since 2019.\n"
        "Grace Liu was Director of Research until 2020.\n"
        "Henry Cole is a member.\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="annual.txt")
    assert ("Brian Otieno", "former Head of Finance", "Harlow Water") in roles
    assert ("Carla Mendes", "Chief Financial Officer", None) in roles
    assert ("Elena Rossi", "Company Secretary", None) in roles
    assert ("Farid Haddad", "Managing Director", None) in roles
    assert ("Grace Liu", "former Director of Research", None) in roles
    assert not any(person == "Henry Cole" for person, _, _ in roles)  # a member of what?


def test_a_post_held_before_in_a_relative_clause_and_a_field_ner_takes_for_a_body(extractor, tmp_path):
    text = (
        "Minutes of the Board of Trustees of the Harbour Arts Trust, 12 March 2023\n\n"
        "Peter Hallam, who was previously its finance director, joined the trust as Chief Executive in January.\n"
        "The Director of Operations, Maria Lopez, reported on the refurbishment of the gallery.\n"
        "The Director of Xinhua, Li Wei, attended.\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="minutes.txt")
    assert ("Peter Hallam", "former finance director", None) in roles
    assert ("Maria Lopez", "Director of Operations", None) in roles
    assert ("Li Wei", "Director", "Xinhua") in roles  # a name after "of" stays the body


def test_the_people_under_a_tables_row_naming_their_group_hold_its_office(extractor, tmp_path):
    text = (
        "Annual Report 2023 of Harrow Mining plc\n\n"
        "Remuneration report\n\n"
        "Name | Fees | Shares | Total\n"
        "1. Independent Directors |  |  | \n"
        "Aman Mehta | 4.80 | 315.00 | 319.80\n"
        "Ruth Okoye | 3.00 | 100.00 | 103.00\n"
        "2. Other Directors |  |  | \n"
        "Paul Grant | 7.50 | 215.00 | 222.50\n"
        "Total |  |  | 645.30\n"
        "Karen Blix | 1.00 | 1.00 | 2.00\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="annual.txt")
    assert ("Aman Mehta", "independent director", None) in roles
    assert ("Ruth Okoye", "independent director", None) in roles
    assert ("Paul Grant", "director", None) in roles  # "Other" says which rows, not what office
    assert not any(person == "Karen Blix" for person, _, _ in roles)  # after the total: no group


def test_a_plural_title_over_a_list_of_names_with_particles_and_a_title_set_off_by_commas(extractor, tmp_path):
    text = (
        "Minutes of the Parish Council of Little Hadham, 4 May 2022\n\n"
        "Councillors Peter Oakes, Maria de la Cruz and Jan van der Berg attended; "
        "Professors Ilse Hartmann and Tom Reyes were also present.\n"
        "The council's long-time Clerk, Otto von Bismarck, read the minutes.\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="minutes.txt")
    for person in ("Peter Oakes", "Maria de la Cruz", "Jan van der Berg"):
        assert (person, "councillor", None) in roles
    assert ("Ilse Hartmann", "professor", None) in roles  # NER's body "Professors Ilse Hartmann"
    assert ("Tom Reyes", "professor", None) in roles
    assert ("Otto von Bismarck", "Clerk", None) in roles


def test_what_stands_before_a_title_a_possessive_an_address_or_a_field(extractor, tmp_path):
    text = (
        "Report on the visit to Durban, 14 June 2023\n\n"
        "The delegation was headed by H.E. Governor Abdulswamad Sherrif Nassir.\n"
        "They met Northgate Bank's Chief Executive Tom Baker.\n"
        "Environment Commissioner Stavros Dimas spoke, and Design Principal Tony Kettle of RMJM presented.\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="visit.txt")
    assert ("Abdulswamad Sherrif Nassir", "Governor", None) in roles
    assert ("Tom Baker", "Chief Executive", "Northgate Bank") in roles
    assert ("Stavros Dimas", "Environment Commissioner", None) in roles
    assert ("Tony Kettle", "Design Principal", "RMJM") in roles


def test_an_annual_reports_company_a_signature_run_into_one_line_and_a_post_left(extractor, tmp_path):
    text = (
        "Annual report excerpt\n\n"
        "Directors of Kestrel Foods Inc. are listed in the Proxy Statement of Kestrel Foods Inc.; the Company's "
        "Chief Executive Officer certified compliance with the NYSE rules to the NYSE, as the NYSE Listed Company "
        "Manual requires, and the NYSE confirmed it.\n\n"
        "Maria Lopez, Chief Financial Officer of the Company since May 2019.\n\n"
        "Mr. Reinhold left Systemax as the Chief Executive Officer in January 2019.\n\n"
        "Steve Barber Chairman of the Audit Committee 12 March 2020\n"
    )
    facts = facts_of(extractor, tmp_path, "annual.txt", text)
    roles = {(r.person, r.role, r.organisation) for r in facts.roles}
    # "the Company" is the company the report names, not the exchange it names more often
    assert ("Maria Lopez", "Chief Financial Officer", "Kestrel Foods Inc.") in roles
    assert ("Reinhold", "former Chief Executive Officer", "Systemax") in roles
    assert ("Steve Barber", "Chairman", "Audit Committee") in roles
    assert not any(m.text == "NYSE Listed Company" for m in facts.mentions)  # a document's title


def test_the_people_of_a_table_hold_the_office_its_caption_names(extractor, tmp_path):
    text = (
        "Annual report 2019 of Harrow Mining plc\n\n"
        "Officers are elected annually by the Board of Directors.\n\n"
        "The following table shows compensation information for our non-employee directors for fiscal year 2019.\n\n"
        "(1) The amounts reflect the grant date fair value of the awards.\n\n"
        "Name | Fees Earned ($) | Stock Awards ($) | Total ($)\n"
        "Richard S. Hill | $106,000 | $149,987 | $255,987\n"
        "Darcy Antonellis | $55,333 | $149,987 | $205,320\n\n"
        "Officers are elected annually by the Board of Directors.\n\n"
        "Name | Age\n"
        "Leigh R. Fox | 47\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="annual.txt")
    assert ("Richard S. Hill", "non-employee director", None) in roles  # the note between is passed over
    assert ("Darcy Antonellis", "non-employee director", None) in roles
    assert not any(person == "Leigh R. Fox" for person, _, _ in roles)  # "the Board of Directors" is a body


def test_capitalised_particles_after_two_honorifics_and_a_field_after_the_title_in_a_bracket(extractor, tmp_path):
    text = (
        "Memorandum of Understanding between Kenyatta University and Ghent University\n\n"
        "For Ghent University:\n"
        "Prof. Dr. Rik Van de Walle, Rector\n\n"
        "Witnessed by: Dr. Jane Mwangi (Registrar, Academic Affairs) and Dr. Peter Otieno (Director, Linkages).\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="mou.txt")
    assert any(person == "Rik Van de Walle" and role == "Rector" for person, role, _ in roles)
    assert ("Jane Mwangi", "Registrar, Academic Affairs", None) in roles
    assert ("Peter Otieno", "Director, Linkages", None) in roles


def test_forms_of_address_of_other_usages_and_letters_after_a_name(extractor, tmp_path):
    text = (
        "Report on the visit of the delegation from Shizuoka Prefecture to Pune, 12 September 2023\n\n"
        "Shri Vikram Kumar, IAS, Municipal Commissioner, welcomed the guests. Smt. Anjali Deshmukh, Additional "
        "Commissioner (Development), made a presentation.\n"
        "The delegation also called on Hon'ble Chief Minister Shri Eknath Shinde at Mantralaya, Mumbai.\n"
    )
    facts = facts_of(extractor, tmp_path, "visit.txt", text)
    roles = {(r.person, r.role, r.organisation) for r in facts.roles}
    assert ("Vikram Kumar", "Municipal Commissioner", None) in roles
    assert any(person == "Anjali Deshmukh" and role.startswith("Additional Commissioner") for person, role, _ in roles)
    assert ("Eknath Shinde", "Chief Minister", None) in roles
    assert "Chief Minister Shri" not in {m.text for m in facts.mentions if m.kind == "person"}


def test_letters_after_a_name_before_its_bracket_and_an_office_held_then(extractor, tmp_path):
    text = (
        "Standing Committee on Health - Report on the inquiry into rural hospitals, November 2021\n\n"
        "Committee members: Hon. Mark Coulton MP (Chair), Ms. Sharon Claydon MP (Deputy Chair).\n"
        "The Committee thanks Mr. Greg Hunt, then Minister for Health, for his submission.\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="report.txt")
    assert any(person == "Mark Coulton" and role == "Chair" for person, role, _ in roles)
    assert any(person == "Sharon Claydon" and role == "Deputy Chair" for person, role, _ in roles)
    assert ("Greg Hunt", "former Minister for Health", None) in roles


def test_a_name_taking_an_office_an_age_after_a_name_and_a_post_left_after_years(extractor, tmp_path):
    text = (
        "Board minutes, 12 May 2024\n\n"
        "Jane Doe will take over as Chief Executive on 1 July 2024, succeeding Tom Hall, who retires after ten "
        "years as Chief Executive.\n"
        "Maria Gonzalez, 45, has been appointed Dean of the Law School.\n"
        "Sara Kim, our former Treasurer, now serves as Vice-Chair.\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="minutes.txt")
    assert ("Jane Doe", "Chief Executive", None) in roles  # a name NER does not see, taking an office
    assert ("Tom Hall", "former Chief Executive", None) in roles
    assert any(person == "Maria Gonzalez" and role == "Dean" for person, role, _ in roles)
    assert ("Sara Kim", "former Treasurer", None) in roles  # "our" is the report's body


def test_a_time_or_an_occasion_after_an_office_given_ends_the_title(extractor, tmp_path):
    text = (
        "Annual report excerpt\n\n"
        "Mr. Samir Kapuria was named an executive officer during FY19 and received a salary increase.\n"
        "Ms. Ruth Bell was elected Treasurer at the meeting.\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="annual.txt")
    assert ("Samir Kapuria", "executive officer", None) in roles
    assert ("Ruth Bell", "Treasurer", None) in roles


def test_an_agms_officers_listed_office_first_its_chair_and_offices_of_clubs(extractor, tmp_path):
    text = (
        "Minutes of the Annual General Meeting of the Riverside Rowing Club, 3 February 2024\n\n"
        "In the chair: Mrs. Helen Ward (President).\n"
        "Officers elected for 2024: President – Helen Ward; Secretary – Tom Adeyemi; Treasurer – Priya Nair.\n"
        "The Captain, Jack O'Neill, reported a successful season.\n"
        "Honorary Life Membership was conferred on Mr. Derek Shaw, club coach for 25 years.\n"
    )
    facts = facts_of(extractor, tmp_path, "agm.txt", text)
    roles = {(r.person, r.role, r.organisation) for r in facts.roles}
    assert ("Tom Adeyemi", "Secretary", None) in roles  # the office before the dash, not the next one
    assert not any(person == "Helen Ward" and role == "Secretary" for person, role, _ in roles)
    assert ("Helen Ward", "chair", None) in roles and [p.name for p in facts.events[0].led_by] == ["Helen Ward"]
    assert ("Jack O'Neill", "Captain", None) in roles
    assert ("Derek Shaw", "club coach", None) in roles  # "for 25 years" is no body


def test_a_term_in_brackets_after_an_office_ends_it_or_starts_it(extractor, tmp_path):
    text = (
        "Coastal Clean Water Alliance - Annual Report 2023\n\n"
        "Staff\n"
        "Ben Otto, Programme Manager (until June 2023)\n"
        "Liu Yan, Programme Manager (from July 2023)\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="annual.txt")
    assert ("Ben Otto", "former Programme Manager", None) in roles
    assert ("Liu Yan", "Programme Manager", None) in roles


def test_a_tables_caption_names_the_body_its_officers_are_of(extractor, tmp_path):
    text = (
        "Annual report excerpt\n\n"
        "The following table sets forth information concerning the executive officers of Loral as of March 12, 2020.\n\n"
        "Name | Age | Position\n"
        "Avi Katz | 61 | President, General Counsel and Secretary since December 2012.\n"
        "John Capogrossi | 66 | Vice President and Treasurer since January 2016.\n"
        "Ravinder S. Girgla | 56 | Deputy Controller from February 2013 to January 2016.\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="annual.txt")
    assert ("Avi Katz", "executive officer", "Loral") in roles
    assert ("John Capogrossi", "executive officer", "Loral") in roles
    # a cell of one post with its term: the post, held no more when the term has ended
    assert ("John Capogrossi", "Vice President and Treasurer", None) in roles
    assert ("Ravinder S. Girgla", "former Deputy Controller", None) in roles


def test_witnesses_welcomed_with_their_posts_in_a_committees_opening(extractor, tmp_path):
    text = (
        "Culture and Learning Committee - transcript of the opening\n\n"
        "Maria Pryce AM: Good morning and welcome to the Culture and Learning Committee. I'm very pleased to "
        "welcome Gwen Harris AM, Cabinet Secretary for Skills; Dylan Roberts, who is senior legal adviser, CPS; "
        "Ffion Lloyd, Her Majesty's Chief Inspector, Estyn; Rhys Parry, principal of Bridgend and Vale College; "
        "and Carys Bevan, who is the head of the early years and play branch at Welsh Government.\n\n"
        "The Chair: Mr. Okafor is next.\n\n"
        "Mr. Daniel Okafor (Sherwood Park, CPC): Thank you, Mr. Chair. I present a petition.\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="committee.txt")
    assert ("Dylan Roberts", "senior legal adviser", "CPS") in roles  # a body's letters after the title
    # the sovereign's title is no body's; two places before "College" name one body; a unit named
    # by what it does, its "and" its own, then the body it is at
    assert ("Ffion Lloyd", "Her Majesty's Chief Inspector", None) in roles
    assert ("Rhys Parry", "principal", "Bridgend and Vale College") in roles
    assert ("Carys Bevan", "head of early years and play branch", "Welsh Government") in roles
    assert any(person == "Gwen Harris" for person, _, _ in roles)  # not "Gwen Harris AM"
    # a speaker's turn naming the next speaker gives him no office
    assert not any(person == "Daniel Okafor" for person, _, _ in roles)


def test_a_speakers_long_portfolio_a_one_word_body_and_anothers_words_cited(extractor, tmp_path):
    text = (
        "Special committee - transcript of the opening\n\n"
        "Hon. Bill Blair (Minister of Public Safety and Emergency Preparedness): Mr. Chair, today I table the "
        "report.\n\n"
        "Ms. Elizabeth Lang (Saanich, GP): Thank you, Mr. Chair. We have to know, as the Prime Minister said, we "
        "are not perfect.\n\n"
        "The Chair: I welcome Meilyr Rowlands, Her Majesty's Chief Inspector, Estyn; and Jassa Scott, strategic "
        "director at Estyn.\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="committee.txt")
    assert ("Bill Blair", "Minister of Public Safety and Emergency Preparedness", None) in roles
    # "as the Prime Minister said, we ...": whose words are cited, not what the speaker is
    assert not any(person == "Elizabeth Lang" for person, _, _ in roles)
    # a one-word name after the title's comma, which the same lines show someone works at
    assert ("Meilyr Rowlands", "Her Majesty's Chief Inspector", "Estyn") in roles


def test_a_speaker_who_says_they_chair_or_head_a_body_holds_that_office(extractor, tmp_path):
    text = (
        "Committee transcript\n\n"
        "Lynne Pryce AM: Good morning. Can I declare for the record that I chair the cross-party group on "
        "suicide prevention and that Samaritans provide its secretariat?\n\n"
        "Nick Wills: Well, I chair the EOTAS network across Wales, and I know many local authorities do the same. "
        "I lead the discussion on exclusions.\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="committee.txt")
    assert ("Lynne Pryce", "chair", "cross-party group on suicide prevention") in roles  # her label ends in "AM"
    assert ("Nick Wills", "chair", "EOTAS network across Wales") in roles
    assert not any(role.startswith("lead") for _, role, _ in roles)  # leading a discussion is no office


def test_a_bodys_letters_ending_a_title_after_its_comma_are_the_body(extractor, tmp_path):
    text = (
        "Committee transcript\n\n"
        "Lynne Pryce AM: I'm very pleased to welcome Gareth Pryce, chief executive of the WJEC, Mike Ellsworth, "
        "assistant director educational support, WJEC, Philip Blake, chief executive of Qualifications Wales, "
        "and Dr Ann Leary, consultant, OBE, who chairs the panel.\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="committee.txt")
    # the letters NER left untagged, between the title's comma and the next name's
    assert ("Mike Ellsworth", "assistant director educational support", "WJEC") in roles
    # letters after a name are no body
    assert not any(body == "OBE" for _, _, body in roles)


def test_a_title_of_a_city_a_project_or_a_branch_before_a_name_is_one_title(extractor, tmp_path):
    text = (
        "Visit report\n\n"
        "The visitors were met by City Manager Erik Holm and County Clerk Ana Ruiz. Project Manager Lena "
        "Fischer explained the timeline. Branch Manager Priya Nair showed the new office. State Senator "
        "Maria Lopez attended the ceremony. Google CEO Sundar Pichai spoke at the forum.\n"
    )
    roles = roles_in(extractor, tmp_path, text)
    # the word is the title's (no body is named "City", "Project" or "Branch"; "Branch" is no
    # nationality like "French")
    for person, title in [
        ("Erik Holm", "City Manager"),
        ("Ana Ruiz", "County Clerk"),
        ("Lena Fischer", "Project Manager"),
        ("Priya Nair", "Branch Manager"),
        ("Maria Lopez", "State Senator"),
    ]:
        assert (person, title, None) in roles
    assert ("Sundar Pichai", "CEO", "Google") in roles  # a name before a title is the body's
    # where the report names the district, the district's representatives are its
    board = (
        "Board of Education, Cupertino Union School District\n\n"
        "Closed session\nDistrict Representatives: Board President Josephine Lucey and Vice-President Anjali Kausar\n"
    )
    assert ("Anjali Kausar", "District Representative", "Cupertino Union School District") in roles_in(
        extractor, tmp_path, board, name="board.txt"
    )


def test_a_headteacher_and_a_post_held_until_recently(extractor, tmp_path):
    text = (
        "Visit report\n\n"
        "We were welcomed by the school's headteacher, Mrs. Olivia Grant. Klaus Weber, until recently Managing "
        "Director of Bosch China, now advises the chamber.\n"
    )
    roles = roles_in(extractor, tmp_path, text)
    assert ("Olivia Grant", "headteacher", None) in roles
    assert ("Klaus Weber", "former Managing Director", "Bosch China") in roles


def test_appointments_and_titles_of_everyday_shapes(extractor, tmp_path):
    text = (
        "Annual report\n\n"
        "Mr. Oluwaseun Adeyemi (Managing Director/CEO, Lagos Free Zone) welcomed the guests.\n\n"
        "Dr. Sarah O'Connor has been appointed as the new Director of Research and Innovation.\n\n"
        "Jean-Pierre Martin was re-elected as President for a further term.\n\n"
        "Welcoming remarks were delivered by Professor Emeritus Robert Lang.\n"
    )
    facts = facts_of(extractor, tmp_path, "annual.txt", text)
    roles = {(r.person, r.role, r.organisation) for r in facts.roles}
    assert ("Oluwaseun Adeyemi", "Managing Director/CEO", "Lagos Free Zone") in roles  # two titles by a slash
    # "new" is no part of the title; a field of two after "of" is the title's
    assert {(r.role, r.organisation) for r in facts.roles if r.person == "Sarah O'Connor"} == {
        ("Director of Research and Innovation", None)
    }
    # a hyphened first name NER cut is whole; "for a further term" names no body
    assert {(r.role, r.organisation) for r in facts.roles if r.person == "Jean-Pierre Martin"} == {("President", None)}
    people = {m.text for m in facts.mentions if m.kind == "person"}
    assert {"Jean-Pierre Martin", "Robert Lang"} <= people  # a title's word after an honorific is no name's
    assert not people & {"Pierre Martin", "Emeritus Robert Lang"}


def test_bodies_of_titles_written_after_them_in_everyday_shapes(extractor, tmp_path):
    text = (
        "Report\n\n"
        "Mr. Paulo Silva, President of the Board of Directors of Porto Digital, hosted the visit.\n\n"
        "Prof. Dr. Ahmad Fauzi bin Ismail, Vice-Chancellor of Universiti Teknologi Malaysia, signed on behalf of UTM.\n\n"
        "Ms Amelia Watson, our Head of Partnerships, coordinated the programme.\n\n"
        "Mr. Kwame Boateng, who heads the Investment Promotion Unit at the Ghana Investment Promotion Centre, "
        "gave a presentation.\n\n"
        "The agreement was signed by Mr. Tan Ah Kow, Chief Executive Officer, on behalf of the Port Authority of Penang.\n"
    )
    facts = facts_of(extractor, tmp_path, "report.txt", text)
    roles = {(r.person, r.role, r.organisation) for r in facts.roles}
    # what a body is "of" is no person, whatever NER made of it
    assert ("Paulo Silva", "President of the Board of Directors", "Porto Digital") in roles
    assert "Porto Digital" not in {m.text for m in facts.mentions if m.kind == "person"}
    # a body's name in another language, of which NER saw the first word
    assert ("Ahmad Fauzi bin Ismail", "Vice-Chancellor", "Universiti Teknologi Malaysia") in roles
    assert ("Amelia Watson", "Head of Partnerships", None) in roles  # "our" is no part of the title
    assert ("Kwame Boateng", "head of Investment Promotion Unit", "Ghana Investment Promotion Centre") in roles
    assert ("Tan Ah Kow", "Chief Executive Officer", "Port Authority of Penang") in roles


def test_a_surname_that_is_also_a_verb_and_an_officer_in_charge(extractor, tmp_path):
    text = (
        "Minutes of the Executive Committee meeting held on 9 February 2023\n\n"
        "Chair: Ms. Priya Raman (President)\nMinutes: Mr. Omar Said (Secretary)\n\n"
        "The delegation was received by the Medical Officer in Charge, Dr. Joseph Kilonzo.\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="minutes.txt")
    assert ("Omar Said", "Secretary", None) in roles  # "Said" is his surname here, not a headline's verb
    assert ("Joseph Kilonzo", "Medical Officer in Charge", None) in roles


def test_a_post_held_now_after_a_former_one_and_a_police_chief(extractor, tmp_path):
    text = (
        "Report\n\n"
        "Mr. Raj Patel, formerly Deputy Director at the Ministry of Finance, is now Director-General of Customs.\n\n"
        "The delegation included the Mayor, Mr. John Smith; the City Manager, Ms. Ann Lee; and the Police Chief, "
        "Mr. Bob Ray.\n"
    )
    facts = facts_of(extractor, tmp_path, "report.txt", text)
    roles = {(r.person, r.role, r.organisation) for r in facts.roles}
    # the former post, and the one held now (its body its own, not lent to the former)
    assert ("Raj Patel", "former Deputy Director", "Ministry of Finance") in roles
    assert ("Raj Patel", "Director-General", "Customs") in roles
    assert ("Bob Ray", "Police Chief", None) in roles


@pytest.mark.parametrize("gap", ["        ", " "])  # a text file's columns; a PDF's, as extraction runs them together
def test_signature_blocks_side_by_side_give_each_party_its_title_and_body(extractor, tmp_path, gap):
    text = (
        "Memorandum of Understanding between the Ghana Standards Authority and the University of Leeds\n\n"
        "The parties agree to cooperate in metrology training.\n\n"
        f"Signed:{gap}Signed:\n"
        f"Dr. Kwame Asante Mensah{gap}Prof. Jane Whitfield\n"
        f"Director-General{gap}Vice-Chancellor\n"
        f"Ghana Standards Authority{gap}University of Leeds\n"
    )
    roles = roles_in(extractor, tmp_path, text, name="mou.txt")
    assert ("Kwame Asante Mensah", "Director-General", "Ghana Standards Authority") in roles
    assert ("Jane Whitfield", "Vice-Chancellor", "University of Leeds") in roles
    assert not any(role == "Director-General Vice-Chancellor" for _, role, _ in roles)


def test_side_by_side_signatures_under_the_parties_they_sign_for(extractor, tmp_path):
    text = (
        "Agreement between Harbour College and Riverside Polytechnic\n\n"
        "The parties agree to exchange staff.\n\n"
        "For Harbour College        For Riverside Polytechnic\n"
        "Dr. Anna Berg        Mr. Tom Reyes\n"
        "Principal        Rector\n"
        "Date: 1 May 2023        Date: 1 May 2023\n"
    )
    facts = facts_of(extractor, tmp_path, "agreement.txt", text)
    # a name ends at the gap between the columns
    assert {m.text for m in facts.mentions if m.kind == "person"} == {"Anna Berg", "Tom Reyes"}
    roles = {(r.person, r.role, r.organisation) for r in facts.roles}
    assert {("Anna Berg", "Principal", "Harbour College"), ("Tom Reyes", "Rector", "Riverside Polytechnic")} <= roles


def test_names_ner_misses_by_their_title_in_brackets_a_surname_in_capitals_or_a_foreign_bodys_word(extractor, tmp_path):
    text = (
        "Visit of the Osaka delegation to the Lakeside Innovation Park\n\n"
        "The delegation was led by H.E. Ambassador Carlos Ruiz and included Maria Vega (Counsellor) and Luis "
        "Ortega (First Secretary).\n\n"
        "Mr. TANAKA Taro, Director-General of the Kansai Bureau of Economy, thanked the hosts.\n\n"
        "Prof. Dr. Ir. Budi Santoso, Rector of Institut Teknologi Bandung, joined online.\n"
    )
    facts = facts_of(extractor, tmp_path, "visit.txt", text)
    people = {m.text for m in facts.mentions if m.kind == "person"}
    assert {"Maria Vega", "TANAKA Taro", "Budi Santoso"} <= people
    assert "Teknologi Bandung" not in people  # "Institut ...": a body's name, not a person's
    roles = {(r.person, r.role, r.organisation) for r in facts.roles}
    assert ("Maria Vega", "Counsellor", None) in roles
    assert ("TANAKA Taro", "Director-General", "Kansai Bureau of Economy") in roles
    assert ("Budi Santoso", "Rector", "Institut Teknologi Bandung") in roles


def test_minutes_appointing_someone_acting_in_an_office_or_taking_the_minutes(extractor, tmp_path):
    text = (
        "Minutes of the Board of Trustees of the Riverside Community Foundation, 14 March 2023\n\n"
        "Present: Jane Roe (Chair), John Poe (Treasurer), Dr. Ama Owusu, Mr. Li Wei\n"
        "In attendance: Sarah Kim, Executive Director; Tom Hale (minutes)\n\n"
        "The Board approved the appointment of Dr. Ama Owusu as Vice-Chair with effect from 1 April 2023.\n"
        "Mr. Li Wei stepped down as Secretary; Sarah Kim will act as Secretary until a successor is appointed.\n"
    )
    roles = {(person, role) for person, role, _ in roles_in(extractor, tmp_path, text, name="minutes.txt")}
    assert ("Ama Owusu", "Vice-Chair") in roles
    assert ("Sarah Kim", "acting Secretary") in roles and ("Li Wei", "former Secretary") in roles
    assert ("Tom Hale", "minutes") not in roles  # who took the minutes holds no office by it


def test_a_boards_chair_of_a_company_a_party_secretary_and_a_group_label(extractor, tmp_path):
    visit = (
        "Vice Mayor Wang Lin Meets German Business Delegation\n\n"
        "On 12 May 2023, Vice Mayor Wang Lin met with a delegation led by Mr. Hans Müller, Chairman of the "
        "Board of Rheinmetall Components GmbH. The guests were received by Party Secretary Sun Jie.\n"
    )
    roles = roles_in(extractor, tmp_path, visit)
    # the company's name with its legal form; the board is the company's
    assert ("Hans Müller", "Chairman of the Board", "Rheinmetall Components GmbH") in roles
    assert ("Sun Jie", "Party Secretary", None) in roles
    report = (
        "Annual Report 2022 of the Coastal Research Trust\n\n"
        "During the year, Professor Alan Reid retired from the Board after nine years as Chair.\n"
        "Executive team: Emma Stone (Chief Executive); Raj Patel (Chief Operating Officer).\n"
    )
    roles = roles_in(extractor, tmp_path, report, name="annual.txt")
    assert ("Alan Reid", "former Chair", None) in roles
    assert ("Emma Stone", "Chief Executive", None) in roles
    assert not any(role == "Executive team" for _, role, _ in roles)  # a group, not an office


def test_who_chairs_a_named_body_is_its_chair(extractor, tmp_path):
    text = (
        "Delegation from Universidad de Chile visits the Faculty of Science\n\n"
        "The visitors were welcomed by Professor Mark Ellis, who chairs the university's International "
        "Strategy Group, and Dr. Sofia Brandt, who led the delegation of the School of Chemistry.\n"
    )
    roles = roles_in(extractor, tmp_path, text)
    assert ("Mark Ellis", "chair", "International Strategy Group") in roles


def test_two_titles_of_one_body_after_a_copula_and_a_companys_word_ner_misses(extractor, tmp_path):
    text = (
        "Partnership news from the Harbour Innovation Hub\n\n"
        "Maria Lopez is the founder and CEO of Verde Labs, a start-up in Valencia.\n"
    )
    facts = facts_of(extractor, tmp_path, "news.txt", text)
    assert "Verde Labs" not in {m.text for m in facts.mentions if m.kind == "person"}  # "Labs": a company's
    assert ("Maria Lopez", "founder and CEO", "Verde Labs") in {(r.person, r.role, r.organisation) for r in facts.roles}


def test_an_annual_reports_board_under_the_body_its_title_names(extractor, tmp_path):
    text = (
        "Annual Report 2023 - Northfield Regional Development Agency\n\n"
        "Board of Directors\n"
        "Chair: Dr. Helen Brooks\n"
        "Secretary to the Board: Ms. Joanna Wu\n\n"
        "Minutes of Steering Committee Meeting No. 2 are attached.\n"
    )
    facts = facts_of(extractor, tmp_path, "annual.txt", text)
    # NER missed the body in the title line; "Secretary to the Board" is an office, not a group
    bodies = {r.person: (r.role, r.report_body) for r in facts.roles}
    assert bodies["Helen Brooks"] == ("Chair", "Northfield Regional Development Agency")
    assert bodies["Joanna Wu"] == ("Secretary to the Board", "Northfield Regional Development Agency")


def test_an_agreements_parties_represented_by_their_heads(extractor, tmp_path):
    text = (
        "Memorandum of Understanding\n\n"
        "This Memorandum of Understanding is entered into by the University of Ghana, represented by its "
        'Vice-Chancellor, Prof. Nana Aba Appiah Amfo (hereinafter "UG"), and Riverside Polytechnic, represented '
        'by its Rector, Dr. Helen Okafor (hereinafter "RP").\n'
    )
    facts = facts_of(extractor, tmp_path, "mou.txt", text)
    assert "Riverside Polytechnic" not in {m.text for m in facts.mentions if m.kind == "person"}
    roles = {(r.person, r.role, r.organisation) for r in facts.roles}
    assert ("Nana Aba Appiah Amfo", "Vice-Chancellor", "University of Ghana") in roles  # a name of four words
    assert ("Helen Okafor", "Rector", "Riverside Polytechnic") in roles
    assert not any(role.startswith("hereinafter") for _, role, _ in roles)  # what the document calls a party
