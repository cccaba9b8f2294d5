"""The words the official finder knows: ranks and offices, the words titles are made of, words
that are never names or never persons, Vietnamese family and middle names, particles, suffixes
and honorifics. Data, kept apart from the rules in ``officials.py`` that read it.
"""

from __future__ import annotations

# Ranks, longest first; abbreviations with or without the dot.
RANKS = [
    "Senior Lieutenant General", "Sen. Lieut. Gen.", "Sen. Lt. Gen.", "Senior Lt. Gen.",
    "Sr. Lt. Gen.", "Sr. Lieut. Gen.", "Sr. Col.",
    "Lieutenant General", "Lieut. Gen.", "Lt. Gen.", "Lt.-Gen.", "Lt.Gen.", "Major General",
    "Maj. Gen.", "Maj.-Gen.", "Maj.Gen.", "Brigadier General", "Brig. Gen.", "Brig.-Gen.",
    "Senior Colonel", "Sen. Col.", "Lieutenant Colonel", "Lt. Col.", "Lieut. Col.", "Colonel",
    "Col.", "Vice Admiral", "Vice Adm.", "Rear Admiral", "Rear Adm.", "Admiral", "Adm.",
    "Air Chief Marshal", "Air Vice Marshal", "Air Marshal", "Field Marshal", "Marshal",
    "General", "Gen.", "Major", "Maj.", "Captain", "Capt.", "Commodore", "Commander", "Cmdr.",
    "Lieutenant", "Lieut.", "Lt.", "Sergeant", "Sgt.",
    # one rank for two people: "Senior Colonels <A> and <B> signed …"
    "Senior Lieutenant Generals", "Lieutenant Generals", "Major Generals", "Senior Colonels",
    "Colonels", "Lieutenant Colonels", "Rear Admirals", "Vice Admirals",
]  # fmt: skip
# Office nouns: a name right after one of these (or after "<office> of <body>") is an official.
OFFICES = [
    "President", "Vice President", "Prime Minister", "Premier", "PM", "Minister", "Ministers",
    "Secretary", "Secretary-General", "Secretary General", "General Secretary", "Chairman",
    "Chairwoman", "Chairperson", "Chair", "Ambassador", "Governor", "Governor-General",
    "Governor General", "Chancellor", "King",
    "Queen", "Prince", "Crown Prince", "Crown Princess", "Princess", "Sultan", "Emperor", "Senator", "Sen.", "Congressman",
    "Congresswoman", "Representative", "Mayor", "Speaker", "Director", "Director-General",
    "Director General", "Chief", "Commander-in-Chief", "Head", "Attaché", "Attache",
    "Spokesman", "Spokeswoman", "Spokesperson", "Consul", "Consul General", "Envoy",
    "Counsellor", "Counselor", "Deputy", "Vice", "Leader", "Delegate", "Commissioner",
    "Chargé d'affaires", "Chargé d’affaires", "Chargé d'Affaires", "Chargé d’Affaires",
    "Charge d'Affaires", "Undersecretary", "Under-Secretary", "Politburo member", "member",
    "Member", "Commandant",
    # lower-case offices before a name: "Party leader Nguyen Phu Trong", "State president …"
    "leader", "president", "chairman", "chairwoman", "ambassador", "minister", "commander",
    "spokesperson", "spokesman", "spokeswoman", "attaché", "attache",
]  # fmt: skip
# Words that can sit inside a title but never inside a name.
TITLE_WORDS = {
    "of", "the", "for", "and", "on", "in", "to", "at", "&", "Deputy", "Vice", "Acting", "Former",
    "former", "Senior", "First", "Second", "Standing", "Permanent", "Party", "State", "National", "Defence",
    "Defense", "Foreign", "Affairs", "Public", "Security", "Finance", "Trade", "Industry",
    "Industries", "Industrial",
    "Economy", "Economic", "Treasury", "Federal", "Reserve", "Board", "Central", "Bank",
    "Military", "Commission", "Committee", "Ministry", "Department", "General", "Staff",
    "Political", "Politics", "Directorate", "Army", "Navy", "Naval", "Air", "Force", "Forces",
    "Armed", "Revolutionary", "People's", "Peoples", "Maritime", "Self-Defence", "Self-Defense",
    "Office", "Council", "Assembly", "Government", "Agriculture", "Labour", "Labor",
    "Information", "Communications", "Culture", "Sports", "Tourism", "Health", "Education",
    "Justice", "Interior", "Home", "Energy", "Oil", "Petroleum", "Planning", "Investment",
    "Development", "Science", "Technology", "Transport", "Construction", "Natural", "Resources",
    "Environment", "Home Affairs", "Minister", "Secretary", "Chief", "Director", "President",
    "Chairman", "Ambassador", "Commander", "Commandant", "Head", "member", "Member", "Politburo",
    "Command",
    "Region", "Zone", "Guard", "Border", "Coast", "Police", "Intelligence", "Propaganda",
    "Training", "Logistics", "Technical", "Operations", "Policy", "Relations", "External",
    "International", "Cooperation", "Union", "Communist", "Executive", "Legislative", "House",
    "Senate", "Congress", "Parliament", "Parliamentary", "Cabinet", "Presidium", "Politbureau",
    "Agency", "Administration", "Service", "Services", "Institute", "Academy", "University",
    "Embassy", "Consulate", "Delegation", "Mission", "Organisation", "Organization", "Group",
    "Division", "Corps", "Brigade", "Regiment", "Battalion", "Fleet", "Headquarters", "Joint",
    "Chiefs", "Personnel", "Affairs'", "Inspection", "Inspectorate", "Mass", "Mobilisation",
    "Supreme", "standing", "Exchequer", "Fed", "People's Court", "Court", "Procuracy", "Audit", "Auditor", "Attorney",
    "Defence's", "Monetary", "Fund", "Reserves", "Commerce", "Invalids", "Social", "Strategy",
    "Strategic", "Provincial", "Province", "Municipal", "City", "District", "Capital", "Regional",
    "War", "Veterans", "Homeland", "Federation", "Republic", "Kingdom", "Royal", "Secretariat",
    "Assistant", "Under", "Undersecretary", "Under-Secretary", "Designate",
    "Councilor", "Councillor", "Representative", "Attaché", "Attache", "Conference", "Consultative",
    "Chamber", "Chambers",
    "Liaison", "Work", "People", "Extraordinary", "Plenipotentiary", "Deputies", "Ambassadors",
    "Senators", "Representatives", "Generals", "country", "Honorary", "Honourary",
}  # fmt: skip
NOT_NAME = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "He", "She", "They", "It", "The", "This", "That", "These", "His",
    "Her", "Mr", "Mr.", "Mrs.", "Ms.", "Dr.", "In", "On", "At", "As", "But", "And", "Also",
    "Today", "Yesterday", "Meanwhile", "However", "Earlier", "Later", "Jr", "Jr.", "Sr.",
    "said", "says", "told", "Co", "Corp", "Inc", "Ltd", "Plc", "Bank", "Group", "Party",
}  # fmt: skip
# Nouns of things that are named like people ("Meeting Plus", "Hospital No. 108", "Senior
# Officials' Meeting"): a name run holding one is not a person.
NOT_PERSON = {
    "Meeting", "Meetings", "Plus", "Summit", "Conference", "Forum", "Dialogue", "Talks", "Session",
    "Exchange", "Exchanges",
    "Hospital", "Clinic", "No", "No.", "School", "College", "Museum", "Award", "Prize", "Order",
    "Medal", "Festival", "Exercise", "Exercises", "Drill", "Cup", "Games", "Week", "Year",
    "Programme", "Program", "Project", "Plan", "Centre", "Center", "Company", "Corporation",
    "Port", "Airport", "Bridge", "Street", "Road", "Square", "Palace", "Village",
    "Mountain", "River", "Sea", "Island", "Islands", "Bay", "Strait", "Ocean", "Lake", "Pagoda",
    "Temple", "Cemetery", "Memorial", "Monument", "Station", "Base", "Ship", "Vessel", "Officials",
    "Officials'", "Leaders", "Ministers'", "Delegates", "Declaration", "Agreement", "Treaty",
    "Statement", "Vision", "Initiative", "Framework", "Mechanism", "Partnership", "Expo",
    "Exhibition", "Fair", "Show", "Airshow", "Campaign", "Operation", "Mission", "Resolution",
    "Decree", "Charter", "Protocol", "Convention", "Accord", "Talk", "Consultation",
    "Consultations", "Month", "Anniversary", "Victory", "Liberation", "Reunification",
    "Front", "Trail", "Route", "Highway", "Zone", "Province", "District", "Ward", "Commune",
    "ASEAN", "ADMM", "ADMM-Plus", "UN", "UNSC", "APEC", "NATO", "Plus.", "Team", "Club",
    "Factory", "Plant", "Shipyard", "Gate", "Checkpoint", "Market", "Stadium", "Hotel", "Tower",
    "Northern", "Southern", "Eastern", "Western", "North", "South", "East", "West",
    # regions, which end titles ("Assistant Secretary Southeast Asia") and are no one's name
    "Southeast", "Northeast", "Southwest", "Northwest", "Asia", "Asia-Pacific", "Indo-Pacific",
    "Pacific", "Europe", "Africa", "Americas", "Oceania", "Mekong",
}  # fmt: skip
# Common Vietnamese family names: an official with no stated country and such a name, reported by
# a Vietnamese outlet or in a Vietnamese context, is Vietnamese.
VIETNAMESE_SURNAMES = {
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do",
    "ho", "ngo", "duong", "ly", "trinh", "dinh", "lam", "mai", "trieu", "luong", "ta", "cao",
    "chu", "doan", "ha", "vuong", "quach", "to", "lai", "luu", "thai", "nghiem", "tong", "kieu",
    "phung", "tang", "khuat", "giap", "dao", "lu", "nong", "hua", "an", "lo", "van", "quan",
    "truong", "mac", "thach", "tieu", "khong", "ung", "lac", "bach", "kha", "lieu", "vi",
    "can", "khuc", "diep", "thieu",
}  # fmt: skip
PARTICLES = {"da", "de", "del", "della", "di", "do", "dos", "das", "du", "van", "von", "der", "den",
              "la", "bin", "binti", "al", "el", "y", "ibn"}  # fmt: skip

# Vietnamese middle names: a run "Thai Van Hung" is a person named Thai, not a Thai named Hung.
MIDDLE_NAMES = {"Van", "Văn", "Thi", "Thị", "Duc", "Đức", "Dinh", "Đình", "Quang", "Minh", "Xuan",
                 "Xuân", "Ngoc", "Ngọc", "Huu", "Hữu", "Cong", "Công", "Thanh", "Hoang", "Hoàng"}  # fmt: skip

SUFFIXES = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", "V", "VI", "VII", "VIII"}  # ("Felipe VI")
# Honorifics before a name are part of the title: "Datuk Seri Mohamad Hasan" is Mohamad Hasan.
HONORIFICS = {"Datuk", "Dato", "Dato'", "Dato’", "Datin", "Seri", "Tun", "Haji", "Hajah", "U", "Daw",
              "Pehin", "Samdech", "Techo", "Excellency", "H.E.", "Dr.", "Prof.",
              # Brunei's titles of honour ("Dato Paduka Seri Haji Awang Halbi bin …")
              "Paduka", "Pahlawan", "Awang", "Dayang", "Datu", "Pengiran", "Lailaraja"}  # fmt: skip
TWO_WORD_HONORIFICS = {("Tan", "Sri"), ("Puan", "Sri"), ("Dato", "Sri"), ("Dato'", "Sri"),
                        ("Datuk", "Sri"), ("Yang", "Berhormat")}  # fmt: skip
