"""The demo newspaper's words: sections, writers, the reference page's stories and the
templates the generated stories are made from.

The reference story and its related news are the ones on `shared/reference/article-page.txt`,
with their headlines, leads and datelines as printed there. Generated stories fill every list
so that it paginates; their places carry Vietnamese diacritics on purpose, so slugs, search
and sorting are exercised by the demo itself.
"""

from __future__ import annotations

from typing import Any

SECTIONS = [
    {
        "slug": "news",
        "name": "News",
        "description": "Politics, society and the day's events across Vietnam.",
    },
    {
        "slug": "world",
        "name": "World",
        "description": "International news, with what it means for Vietnam.",
    },
    {
        "slug": "business",
        "name": "Business",
        "description": "Markets, companies, property and the economy.",
    },
    {
        "slug": "society",
        "name": "Society",
        "description": "Communities, education, health and everyday life.",
    },
    {
        "slug": "sports",
        "name": "Sports",
        "description": "Football, the national teams and sport at home and abroad.",
    },
    {
        "slug": "culture",
        "name": "Culture",
        "description": "Arts, film, music, food and travel.",
    },
]

# `account` names the local demo login (demo.seed.DEMO_ACCOUNTS) that owns the byline.
WRITERS: list[dict[str, Any]] = [
    {
        "name": "Thanh Hà",
        "job_title": "Reporter, world desk",
        "bio": "Thanh Hà covers international affairs and the war in Ukraine.",
        "account": "journalist",
    },
    {
        "name": "Nguyễn Văn Đức",
        "job_title": "Reporter, news desk",
        "bio": "Đức reports on government, cities and the Mekong Delta.",
        "account": None,
    },
    {
        "name": "Trần Thu Trang",
        "job_title": "Business reporter",
        "bio": "Trang writes about markets, property and start-ups in HCMC.",
        "account": None,
    },
    {
        "name": "Lê Hoàng Nam",
        "job_title": "Sports reporter",
        "bio": "Nam follows the V.League and the national teams.",
        "account": None,
    },
    {
        "name": "Phạm Ngọc Ánh",
        "job_title": "Culture reporter",
        "bio": "Ánh writes about film, food and festivals.",
        "account": None,
    },
    {
        "name": "Vũ Thu Hương",
        "job_title": "Reporter, society desk",
        "bio": "Hương covers education, health and the people behind the news.",
        "account": None,
    },
    {
        "name": "Đỗ Minh Quân",
        "job_title": "Translator",
        "bio": "Quân translates the Vietnamese edition's stories into English.",
        "account": None,
    },
    {
        "name": "Bùi Thảo Linh",
        "job_title": "Translator",
        "bio": "Linh translates business and society stories.",
        "account": None,
    },
    {
        "name": "Hoàng Long",
        "job_title": "Staff photographer",
        "bio": "Long photographs the news in the central provinces.",
        "account": None,
    },
]

_ILLUSTRATION = {
    "hero_alt": "Illustration: an abstract city skyline under a coloured sky",
    "hero_credit": "Graphic: Newsroom Daily",
}

REFERENCE_STORY = {
    "headline": "US allows Ukraine to attack Russia with long-range missiles",
    "kicker": "Russia-Ukraine war",
    "lead": "US President Joe Biden has for the first time allowed Ukraine to use long-range "
    "missiles provided by the US to attack Russian territory.",
    "body": [
        "The information was revealed by US officials to the New York Times. The source said "
        "that the long-range missiles provided by the US could be used to protect Ukrainian "
        "forces in the Kursk province, western Russia.",
        "This decision by President Joe Biden is a major change in US policy 2 months before "
        "President-elect Donald Trump takes office.",
        "US officials said allowing Ukraine to use the long-range ATACMS missile was in "
        "response to Russia’s surprise decision to bring North Korean troops into the war.",
        "Ukrainian President Volodymyr Zelensky did not confirm that the US had given him "
        "permission to use long-range missiles to attack Russia, but on November 17 he "
        "stressed that it was more important to lift restrictions on the number of missiles "
        "used to attack Russia.",
        "Mr Biden began easing restrictions on the use of US-supplied weapons on Russian soil "
        "after Russia launched a cross-border offensive in May towards Kharkiv, Ukraine’s "
        "second-largest city.",
        "At that time, Mr. Biden allowed Ukraine to use the HIMARS system, which has a range "
        "of about 80 kilometers, against Russian forces. However, Mr. Biden did not allow "
        "Ukraine to use the longer-range ATACMS, which has a range of about 290 kilometers, "
        "to defend Kharkiv.",
        "US officials do not expect any change in the situation of the war in Ukraine with "
        "this latest move, but the goal of the adjustment is to send a message to North Korea "
        "not to send more troops to Russia.",
        "Officials note that, after Ukraine was able to use missiles against Russian and North "
        "Korean troops threatening Ukrainian forces in Kursk, Biden could also allow Ukraine to "
        "use the weapons elsewhere.",
    ],
    "dateline": "",
    "section": "world",
    "hours_ago": 1,
    "priority": "lead",
    "writers": ["Thanh Hà"],
    "tags": ["Russia-Ukraine war", "United States", "Joe Biden", "North Korea"],
    "hero_caption": "The ATACMS missile has a range of about 290 kilometres.",
    **_ILLUSTRATION,
}

# In the reference page's order: the editor's picks for the reference story's Related news.
RELATED_STORIES = [
    {
        "headline": "Russia launched 120 missiles and 90 UAVs into Ukraine",
        "lead": "Ukrainian President Volodymyr Zelensky said Russia has launched a fierce "
        "attack on Ukraine.",
        "body": [
            "Air raid alerts sounded across the country in the early morning as missiles and "
            "drones targeted energy facilities in several regions.",
            "Ukraine’s air force said most of the drones were shot down, but power cuts were "
            "reported in Kyiv, Odesa and Lviv.",
        ],
        # A library picture inside the body, after the first paragraph (articles/body.py).
        "body_picture": "Power lines after the strikes (illustration).",
        "dateline": "",
        "section": "world",
        "hours_ago": 3,
        "priority": "top",
        "writers": ["Thanh Hà"],
        "tags": ["Russia-Ukraine war"],
        "hero_caption": "Energy facilities were the main targets of the attack.",
        **_ILLUSTRATION,
    },
    {
        "headline": "Close-up of Russia destroying Ukrainian armor in Kursk",
        "lead": "Video shows a US-made Ukrainian armored vehicle being destroyed by a drone as "
        "it moved along a road in the Russian border area.",
        "body": [
            "The footage, published by Russia’s defence ministry, could not be independently "
            "verified.",
            "Fighting in the Kursk province has intensified since Ukrainian forces crossed the "
            "border in August.",
        ],
        "dateline": "",
        "section": "world",
        "hours_ago": 5,
        "priority": "normal",
        "writers": ["Thanh Hà"],
        "tags": ["Russia-Ukraine war"],
    },
    {
        "headline": "US judiciary shocked by Trump's personnel nomination",
        "lead": "President-elect Donald Trump has nominated Republican Congressman Matt Gaetz "
        "of Florida to be US Attorney General.",
        "body": [
            "The choice surprised lawyers and lawmakers in both parties, several of whom said "
            "the nomination would face a difficult confirmation in the Senate.",
            "The Attorney General heads the Justice Department and is the country’s chief law "
            "enforcement officer.",
        ],
        "dateline": "",
        "section": "world",
        "hours_ago": 8,
        "priority": "normal",
        "writers": ["Thanh Hà"],
        "tags": ["United States", "Donald Trump"],
    },
    {
        "headline": "Mailisa beauty salon building in Ho Chi Minh City closes after "
        "announcement of temporary suspension of operations",
        "lead": "Mailisa Beauty salon on Huynh Van Banh Street (HCMC) closed after announcing "
        "a temporary suspension of operations throughout the system.",
        "body": [
            "A notice on the door told customers that appointments had been cancelled and that "
            "the salon would contact them about refunds.",
            "City inspectors said they were reviewing the chain’s licences.",
        ],
        "dateline": "HCMC",
        "section": "business",
        "hours_ago": 12,
        "priority": "normal",
        "writers": ["Trần Thu Trang"],
        "tags": ["HCMC", "Consumer rights"],
    },
    {
        "headline": "US reviews all green cards from 19 countries after shooting that killed "
        "bodyguards",
        "lead": "The US has said it will review all green cards issued to immigrants from 19 "
        'countries that were classified as "concerned" after the shooting that killed one '
        "National Guard officer.",
        "body": [
            "Immigration officials said the review would cover permanent residents who arrived "
            "from the listed countries in recent years.",
            "Rights groups said they would challenge the decision in court.",
        ],
        "dateline": "",
        "section": "world",
        "hours_ago": 20,
        "priority": "normal",
        "writers": ["Thanh Hà", "Đỗ Minh Quân"],
        "tags": ["United States", "Immigration"],
    },
    {
        "headline": "Excitedly receiving support to rebuild roofs after being torn apart by floods",
        "lead": "After the storm and flood, Mr. Ho Thanh Hai's abandoned house was helped by "
        "the Lao Dong Golden Heart Fund - Lao Dong Newspaper to rebuild a shelter and recover "
        "after the natural disaster.",
        "body": [
            "The floods swept away the roof and most of the family’s belongings, leaving them "
            "to sleep at a neighbour’s house for two weeks.",
            "Volunteers and soldiers helped clear the mud before builders arrived with new "
            "roofing sheets.",
        ],
        "dateline": "Gia Lai",
        "section": "society",
        "hours_ago": 26,
        "priority": "normal",
        "writers": ["Vũ Thu Hương"],
        "tags": ["Floods", "Central Highlands"],
        "hero_caption": "Volunteers help families rebuild after the floods.",
        **_ILLUSTRATION,
    },
    {
        "headline": "Premier League copyright changes and Vietnamese television market problem",
        "lead": "The Premier League's change of copyright owner in Vietnam will put the "
        "television market into a problem of competition, monopoly and business efficiency "
        "in the context of increasing copyright costs.",
        "body": [
            "Broadcasters say the price of the rights has risen sharply in each cycle, while "
            "advertising revenue has not kept pace.",
            "Fans worry that matches will move behind more expensive subscriptions.",
        ],
        "dateline": "",
        "section": "sports",
        "hours_ago": 30,
        "priority": "normal",
        "writers": ["Lê Hoàng Nam"],
        "tags": ["Football", "Television"],
    },
    {
        "headline": "High waves flood into Nha Trang coast",
        "lead": "Storm No. 15 has not yet reached the shore, but in some areas in Nha Trang, "
        "winds have been recorded, waves about 5m high, hitting the seawall area directly.",
        "body": [
            "Authorities closed the beaches and asked fishing boats to return to port.",
            "Residents of low-lying neighbourhoods were moved to schools and public buildings.",
        ],
        "dateline": "Khanh Hoa",
        "section": "news",
        "hours_ago": 36,
        "priority": "normal",
        "writers": ["Nguyễn Văn Đức", "Hoàng Long", "Thanh Hà"],
        "tags": ["Storms", "Khánh Hòa"],
        "hero_caption": "Waves about 5m high hit the seawall.",
        **_ILLUSTRATION,
    },
]

# The storm story's next figures, scheduled a little ahead when the demo is loaded: the admin
# lists the update on the story (with its preview), and readers get it at its second
# (docs/workflow.md, "Scheduled updates to a live story").
STORM_UPDATE: dict[str, Any] = {
    "headline": "High waves flood into Nha Trang coast",
    "minutes_ahead": 20,
    "lead": "Storm No. 15 made landfall in Khanh Hoa: in Nha Trang, winds of 120 km/h were "
    "recorded and waves about 6m high hit the seawall area directly.",
    "paragraph": "By evening more than 12,000 residents had been moved to schools and public "
    "buildings, and power was cut in three wards as a precaution.",
}

# Where generated stories happen; {place} in the templates below.
PLACES = [
    "Hà Nội",
    "HCMC",
    "Đà Nẵng",
    "Huế",
    "Hải Phòng",
    "Cần Thơ",
    "Gia Lai",
    "Khánh Hòa",
    "Quảng Ninh",
    "Lào Cai",
    "Nghệ An",
    "Đắk Lắk",
    "Lâm Đồng",
    "Bình Định",
]

# Generated stories: per section, headline and lead templates with {place} and {n}, and tags.
STORY_TEMPLATES = {
    "news": [
        {
            "headline": "{place} opens {n} new flood shelters before the rainy season",
            "lead": "Authorities in {place} say the shelters can house families from low-lying "
            "districts within hours of a warning.",
            "tags": ["Storms", "Local government"],
        },
        {
            "headline": "{place} to widen ring road after {n} months of planning",
            "lead": "The project will ease traffic on the city's busiest junctions, officials "
            "in {place} said.",
            "tags": ["Infrastructure", "Local government"],
        },
        {
            "headline": "Landslide cuts road to {n} villages in {place}",
            "lead": "Soldiers and volunteers are clearing the route while supplies reach the "
            "villages by boat.",
            "tags": ["Storms", "Floods"],
        },
        {
            "headline": "{place} fines {n} factories over river pollution",
            "lead": "Inspectors found waste water discharged without treatment into the river "
            "that supplies the city.",
            "tags": ["Environment", "Local government"],
        },
    ],
    "world": [
        {
            "headline": "Talks on Ukraine ceasefire resume after {n} days of fighting",
            "lead": "Diplomats said the two sides were still far apart on the conditions for "
            "a truce.",
            "tags": ["Russia-Ukraine war"],
        },
        {
            "headline": "US Congress debates aid package worth {n} billion dollars",
            "lead": "Lawmakers are divided over how much of the package should go abroad.",
            "tags": ["United States"],
        },
        {
            "headline": "ASEAN ministers meet on South China Sea code after {n} rounds of talks",
            "lead": "Vietnam called for a binding code that respects international law.",
            "tags": ["ASEAN", "Diplomacy"],
        },
        {
            "headline": "Japan and Vietnam sign {n} cooperation agreements",
            "lead": "The agreements cover infrastructure, energy transition and training for "
            "Vietnamese workers.",
            "tags": ["Diplomacy", "Vietnam economy"],
        },
    ],
    "business": [
        {
            "headline": "Rice exports rise {n}% as buyers turn to Vietnam",
            "lead": "Farmers in the Mekong Delta are getting better prices, but costs for "
            "fertiliser have also gone up.",
            "tags": ["Vietnam economy", "Agriculture"],
        },
        {
            "headline": "{place} property prices climb {n}% in a year",
            "lead": "Apartments in {place} are now beyond the reach of most young families, "
            "brokers say.",
            "tags": ["Property", "Vietnam economy"],
        },
        {
            "headline": "Start-ups in {place} raise {n} million dollars this quarter",
            "lead": "Investors favour fintech and logistics, while consumer apps struggle to "
            "find funding.",
            "tags": ["Start-ups", "Vietnam economy"],
        },
        {
            "headline": "Coffee prices hit a {n}-year high",
            "lead": "Growers in the Central Highlands are cashing in on a poor harvest in Brazil.",
            "tags": ["Agriculture", "Central Highlands"],
        },
    ],
    "society": [
        {
            "headline": "{place} schools add {n} classrooms for the new year",
            "lead": "Parents have long complained of classes of more than 50 pupils in the "
            "city's fastest-growing districts.",
            "tags": ["Education"],
        },
        {
            "headline": "Volunteers in {place} rebuild {n} homes after the floods",
            "lead": "Families who lost everything are moving back before the Lunar New Year.",
            "tags": ["Floods", "Community"],
        },
        {
            "headline": "Hospitals in {place} report {n} dengue cases in a week",
            "lead": "Health officials urge residents to clear standing water around their homes.",
            "tags": ["Health"],
        },
        {
            "headline": "{place} pensioners learn to spot phone scams",
            "lead": "Police say {n} elderly residents lost savings to callers posing as "
            "officials this year.",
            "tags": ["Community", "Consumer rights"],
        },
    ],
    "sports": [
        {
            "headline": "Vietnam beat Thailand {n}-1 in a friendly",
            "lead": "The young squad impressed the coach ahead of the regional championship.",
            "tags": ["Football", "National team"],
        },
        {
            "headline": "{place} club signs striker for a record fee",
            "lead": "The transfer is the V.League's biggest this season, the club said.",
            "tags": ["Football", "V.League"],
        },
        {
            "headline": "Marathon in {place} draws {n},000 runners",
            "lead": "The race route passes the city's best-known landmarks at dawn.",
            "tags": ["Running"],
        },
        {
            "headline": "Vietnam's badminton players reach the last {n} in Asia",
            "lead": "It is the country's best result at the championships in a decade.",
            "tags": ["National team"],
        },
    ],
    "culture": [
        {
            "headline": "{place} food festival serves {n} regional dishes",
            "lead": "Cooks from across the country brought recipes handed down for generations.",
            "tags": ["Food", "Festivals"],
        },
        {
            "headline": "Vietnamese film wins award at {n}th Asian film festival",
            "lead": "The film follows a family in {place} over three generations.",
            "tags": ["Film"],
        },
        {
            "headline": "{place} restores {n} old houses in its ancient quarter",
            "lead": "Craftsmen used traditional methods and timber to keep the houses as they "
            "were.",
            "tags": ["Heritage", "Travel"],
        },
        {
            "headline": "Tourists flock to {place} for the lantern festival",
            "lead": "Hotels report {n}% occupancy for the festival weekend.",
            "tags": ["Festivals", "Travel"],
        },
    ],
}

# Body paragraphs for generated stories; each story takes three to five of them.
BODY_PARAGRAPHS = [
    "Officials in {place} said the plan had been discussed for months before it was approved.",
    "Residents interviewed by the newspaper said they welcomed the news but wanted to see "
    "results before the end of the year.",
    "The figure of {n} was confirmed by the provincial People's Committee on Tuesday.",
    "Experts note that similar measures elsewhere took several years to show an effect.",
    "Local businesses expect the change to bring more customers to {place}.",
    "The ministry has asked other provinces to report on their own preparations by next month.",
    "Critics say the budget is too small for a problem of this size.",
    "Those affected can find more information at the ward offices in {place}.",
    "A spokesperson said the authorities would review progress every {n} days.",
    "Similar stories from Đà Nẵng and Cần Thơ suggest the approach can work when residents "
    "are involved from the start.",
    "Families said the news was the talk of the neighbourhood market.",
    "The newspaper will follow how the plan is carried out in the coming months.",
]


def reference_specs() -> list[dict]:
    """The reference story first, then its related news in the reference page's order."""
    return [REFERENCE_STORY, *RELATED_STORIES]


# The storm story as live coverage (docs/live.md): entries by several writers, newest last here,
# `minutes_ago` before the seed ran (a negative number: scheduled that many minutes ahead, so a
# newcomer running `make run` sees it appear on the open page). One is a key entry, one carries
# a correction.
LIVE_STORY = "High waves flood into Nha Trang coast"
LIVE_ENTRIES: list[dict[str, Any]] = [
    {
        "minutes_ago": 240,
        "writer": "Nguyễn Văn Đức",
        "text": "Storm No. 15 is 300 km east of Khanh Hoa, moving west at 15-20 km/h. "
        "Forecasters expect it to reach the coast tonight.",
        "key": True,
    },
    {
        "minutes_ago": 185,
        "writer": "Hoàng Long",
        "text": "Fishing boats crowd Vinh Truong port in Nha Trang; harbour officials say more "
        "than 2,000 vessels have come back to shore since the morning.",
    },
    {
        "minutes_ago": 130,
        "writer": "Thanh Hà",
        "text": "Khanh Hoa province has moved 12,000 residents of low-lying neighbourhoods "
        "to schools and public buildings.",
        "correction": "An earlier version of this entry said 21,000 residents.",
    },
    {
        "minutes_ago": 75,
        "writer": "Nguyễn Văn Đức",
        "text": "Waves about 5 m high are hitting the seawall on Tran Phu Street. Police have "
        "closed the road along the beach.",
        "key": True,
    },
    {
        "minutes_ago": 20,
        "writer": "Hoàng Long",
        "text": "Power is out in two wards of Nha Trang after trees fell on the lines. The "
        "electricity company says crews will go out once the wind drops.",
    },
    {
        "minutes_ago": -2,
        "writer": "Thanh Hà",
        "text": "The national forecasting centre's new bulletin: the storm has weakened "
        "slightly but still carries winds of level 11 near its centre.",
    },
]
