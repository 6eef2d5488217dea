"""Word lists for demo data: place names, people, vendors. Fiction, but NC-flavoured."""

PLACES = (
    "Oak Grove", "Pine Ridge", "Cedar Creek", "Riverbend", "Mill Creek", "Holly Springs",
    "Laurel Hill", "Bethel", "Piney Grove", "Rocky Branch", "Walnut Cove", "Shady Grove",
    "Sandy Ridge", "Fairview", "Union", "Westover", "Eastway", "Northside", "Southview",
    "Crossroads", "Bear Creek", "Dogwood", "Magnolia", "Longleaf", "Blue Ridge", "Catawba",
    "Yadkin Valley", "Haw River", "Neuse", "Tar River", "Cape Fear", "Pamlico", "Chowan",
    "Roanoke", "Swift Creek", "Flat Rock", "Stony Point", "Green Level", "Brier Creek",
    "Lake Norman", "Cherry Grove", "Harmony", "Liberty", "Friendship", "Providence",
)
LEVELS = (("Elementary", 0.55), ("Middle", 0.22), ("High", 0.18), ("Early College", 0.05))
FIRST_NAMES = (
    "Angela", "Marcus", "Dianna", "Keith", "Chris", "Stacey", "Leonard", "Cindy", "Kent",
    "Jill", "Dave", "Tamika", "Robert", "Maria", "James", "Latoya", "Brian", "Heather",
    "Darnell", "Susan", "Carlos", "Renee", "Thomas", "Yolanda", "Eric", "Monica",
)
LAST_NAMES = (
    "Jenkins", "Lee", "Freeman", "Cooper", "Withrow", "Johnson", "Eklund", "Reinhardt",
    "Scherping", "Barnes", "Whitley", "McNeill", "Oxendine", "Locklear", "Hargrove",
    "Pettigrew", "Bynum", "Faircloth", "Tyndall", "Honeycutt", "Strickland", "Parrish",
)
# (vendor, weight): a few vendors cover most demand, as the project page observes.
VENDORS_BY_CATEGORY = {
    "DEVICES": (("CDW-G", 45), ("Dell Technologies", 25), ("HP Inc.", 15),
                ("Apple Education", 10), ("SHI International", 5)),
    "DEVICE-ACC": (("CDW-G", 50), ("Dell Technologies", 25), ("Bretford", 15),
                   ("LocknCharge", 10)),
    "DISPLAYS": (("Promethean", 40), ("Boxlight", 25), ("ViewSonic", 20),
                 ("Newline Interactive", 15)),
    # Two of the Wi-Fi names are vendors `demo --bids` sends bids from, so an awarded demo
    # shows members keeping their preferred vendor where it won.
    "WIRELESS": (("ePlus Technology (Cisco Meraki)", 45), ("Aruba, a HPE company", 30),
                 ("Carolina Network Solutions", 15), ("Piedmont Technology Group", 10)),
    "SWITCHING": (("ePlus Technology (Cisco Meraki)", 40), ("Aruba, a HPE company", 35),
                  ("Extreme Networks", 25)),
    "SECURITY": (("Fortinet via Carolina Networks", 50), ("Palo Alto Networks", 30),
                 ("SonicWall", 20)),
    "INFRA": (("Graybar", 40), ("Anixter", 30), ("Local cabling contractor", 30)),
    "INTERNET": (("MCNC (NCREN)", 60), ("Spectrum Enterprise", 25), ("Lumen", 15)),
    "WAN": (("MCNC (NCREN)", 45), ("Spectrum Enterprise", 30), ("Brightspeed", 25)),
    "SERVICES": (("ePlus Technology (Cisco Meraki)", 40), ("Carolina Networks", 35),
                 ("Local integrator", 25)),
    "SOFTWARE": (("CDW-G", 50), ("SHI International", 30), ("Vendor direct", 20)),
}
