"""What demo people are made of: target roles, milestone templates, names, notes.

Every target role here is a *rated* O*NET 29.3 occupation (it has Skills ratings), checked
against the source files, except the deliberately unrated :data:`UNRATED_ROLE`. Skills are
O*NET element names, or element ids where a name is ambiguous. Nothing reads the reference
data at run time, so generating a cohort needs no O*NET files.
"""

from __future__ import annotations

TRACKS = ("data", "design", "ops")

# Rated O*NET 29.3 occupations (rows in Skills.xlsx), by track: (code, title).
ROLES = {
    "data": [
        ("15-2051.01", "Business Intelligence Analyst"),
        ("15-2041.00", "Statistician"),
        ("15-2041.01", "Biostatistician"),
        ("15-2031.00", "Operations Research Analyst"),
        ("15-1243.01", "Data Warehousing Specialist"),
        ("15-1242.00", "Database Administrator"),
        ("15-2051.02", "Clinical Data Manager"),
        ("15-1211.01", "Health Informatics Specialist"),
    ],
    "design": [
        ("27-1024.00", "Graphic Designer"),
        ("15-1254.00", "Web Developer"),
        ("27-3042.00", "Technical Writer"),
        ("27-1021.00", "Industrial Designer"),
        ("15-1255.01", "Video Game Designer"),
        ("13-1161.00", "Market Research Analyst"),
    ],
    "ops": [
        ("13-1111.00", "Management Analyst"),
        ("11-9111.00", "Health Services Manager"),
        ("13-1081.02", "Logistics Analyst"),
        ("15-1299.09", "IT Project Manager"),
        ("11-1021.00", "Operations Manager"),
        ("13-2031.00", "Budget Analyst"),
        ("15-1211.00", "Computer Systems Analyst"),
        ("11-9121.01", "Clinical Research Coordinator"),
    ],
}
UNRATED_ROLE = "15-2051.00"  # Data Scientists: no Skills/Knowledge ratings in O*NET 29.3

# Custom lead role per track: (id, title, based_on (rated), O*NET requirements, custom skills)
CUSTOM_ROLES = {
    "data": (
        "analytics-lead",
        "Analytics Team Lead",
        "11-3021.00",
        [("Programming", 4.5, 3), ("2.A.1.e", 4.5, 4), ("Speaking", 5.0, 4.5)],
        [
            ("stakeholder-mgmt", "Stakeholder management", 5.0, 4),
            ("data-governance", "Data governance", 4.0, 3.5),
        ],
    ),
    "design": (
        "design-lead",
        "Design Lead",
        "27-1011.00",
        [("Technology Design", 5.0, 4), ("Design", 5.5, 4.5), ("Persuasion", 4.5, 3.5)],
        [
            ("stakeholder-mgmt", "Stakeholder management", 5.0, 4),
            ("design-systems", "Design systems", 5.0, 4),
        ],
    ),
    "ops": (
        "operations-lead",
        "Operations Lead",
        "11-1021.00",
        [
            ("Coordination", 5.0, 4.5),
            ("Management of Personnel Resources", 5.0, 4),
            ("Monitoring", 4.5, 4),
        ],
        [
            ("stakeholder-mgmt", "Stakeholder management", 5.0, 4),
            ("lean-six-sigma", "Lean Six Sigma", 4.0, 3.5),
        ],
    ),
}

# Milestone templates: (title, kind, skills). Skills are O*NET 29.3 element names, or ids
# where the name is ambiguous (Mathematics is both skill 2.A.1.e and knowledge 2.C.4.a).
COMMON_MILESTONES = {
    "move": [
        ("Update CV and LinkedIn profile", "other", ["Writing"]),
        ("Research target employers", "reading", ["Active Learning", "Critical Thinking"]),
        ("Do three mock interviews", "mentoring", ["Speaking", "Active Listening"]),
        ("Apply to ten target roles", "application", ["Writing", "Time Management"]),
        ("Get a referral from a contact", "networking", ["Social Perceptiveness"]),
        ("Complete first-round interviews", "application", ["Speaking", "Active Listening"]),
    ],
    "network": [
        ("Find a mentor in the field", "networking", ["Active Listening"]),
        ("Hold five informational interviews", "networking", ["Speaking", "Active Listening"]),
        ("Join a professional association", "networking", ["Active Learning"]),
        ("Attend a regional meetup", "networking", ["Speaking", "Social Perceptiveness"]),
        ("Write a LinkedIn post series", "project", ["Writing"]),
    ],
    "lead": [
        ("Complete a management fundamentals course", "course", ["Administration and Management"]),
        ("Mentor a junior colleague", "mentoring", ["Instructing", "Social Perceptiveness"]),
        (
            "Lead a cross-team project at work",
            "project",
            ["Coordination", "Management of Personnel Resources"],
        ),
        ("Run a team retrospective", "other", ["Judgment and Decision Making", "Coordination"]),
    ],
}  # fmt: skip
TRACK_MILESTONES = {
    "data": {
        "skills": [
            ("Finish an SQL course", "course", ["Programming", "Computers and Electronics"]),
            ("Complete a statistics refresher", "course", ["2.A.1.e", "Critical Thinking"]),
            ("Learn Python for data analysis", "course", ["Programming"]),
            ("Get a cloud data certification", "course",
             ["Computers and Electronics", "Systems Evaluation"]),
            ("Learn a BI tool to certification level", "course",
             ["Systems Analysis", "Programming"]),
            ("Study data modelling", "reading", ["Systems Analysis", "2.C.4.a"]),
        ],
        "portfolio": [
            ("Build a portfolio dashboard on open data", "project",
             ["Systems Analysis", "Writing"]),
            ("Publish a data analysis write-up", "project", ["Writing", "Critical Thinking"]),
            ("Automate a weekly report at work", "project",
             ["Programming", "Operations Analysis"]),
            ("Enter a data competition", "project", ["Complex Problem Solving", "2.A.1.e"]),
            ("Forecast a business metric end to end", "project",
             ["2.A.1.e", "Complex Problem Solving"]),
        ],
    },
    "design": {
        "skills": [
            ("Finish a UX research course", "course",
             ["Social Perceptiveness", "Active Listening"]),
            ("Learn Figma components and auto layout", "course", ["Technology Design", "Design"]),
            ("Complete a front-end basics course", "course",
             ["Programming", "Computers and Electronics"]),
            ("Study typography and layout", "reading", ["Design", "Communications and Media"]),
            ("Take a technical writing course", "course", ["Writing", "English Language"]),
            ("Learn the accessibility guidelines", "reading",
             ["Technology Design", "Quality Control Analysis"]),
        ],
        "portfolio": [
            ("Redesign a public service website", "project", ["Technology Design", "Design"]),
            ("Publish three case studies", "project", ["Writing", "Communications and Media"]),
            ("Run usability tests with five users", "project",
             ["Social Perceptiveness", "Critical Thinking"]),
            ("Build a personal portfolio site", "project", ["Programming", "Design"]),
            ("Create a brand identity for a local charity", "project", ["Design", "Persuasion"]),
        ],
    },
    "ops": {
        "skills": [
            ("Complete a project management course", "course",
             ["Coordination", "Time Management"]),
            ("Learn Lean basics", "course", ["Operations Analysis", "Quality Control Analysis"]),
            ("Take a healthcare operations course", "course",
             ["Medicine and Dentistry", "Administration and Management"]),
            ("Study budgeting and finance basics", "course",
             ["Management of Financial Resources", "Economics and Accounting"]),
            ("Learn spreadsheet modelling", "course", ["2.A.1.e", "Computers and Electronics"]),
            ("Read up on process mapping", "reading", ["Systems Analysis", "Monitoring"]),
        ],
        "portfolio": [
            ("Map and improve a process at work", "project", ["Operations Analysis", "Monitoring"]),
            ("Run a cost-saving pilot", "project",
             ["Management of Financial Resources", "Judgment and Decision Making"]),
            ("Write a business case for a new service", "project",
             ["Writing", "Economics and Accounting"]),
            ("Set up a KPI dashboard for the team", "project",
             ["Monitoring", "Computers and Electronics"]),
            ("Lead a vendor negotiation", "project",
             ["Negotiation", "Customer and Personal Service"]),
        ],
    },
}  # fmt: skip
ACTIONS = {
    "course": [("Work through modules 1-4", "course"), ("Work through modules 5-8", "course"),
               ("Pass the final assessment", "course")],
    "project": [("Plan the scope", "other"), ("Build the first version", "project"),
                ("Write it up and share it", "project")],
    "networking": [("List people to contact", "other"), ("Reach out to five people", "networking"),
                   ("Follow up with thank-you notes", "networking")],
    "application": [("Shortlist openings", "application"),
                    ("Tailor and send applications", "application"),
                    ("Prepare for interviews", "mentoring")],
    "mentoring": [("Book the sessions", "mentoring"), ("Practise and get feedback", "mentoring")],
    "reading": [("Read the core material", "reading"), ("Write a one-page summary", "reading")],
    "other": [("Draft it", "other"), ("Get feedback", "mentoring"), ("Finalise it", "other")],
}  # fmt: skip
SINGLE_ACTION = {
    "course": ("Complete the course", "course"),
    "project": ("Do the project", "project"),
    "networking": ("Reach out to contacts", "networking"),
    "application": ("Send the applications", "application"),
    "mentoring": ("Mentoring sessions", "mentoring"),
    "reading": ("Read and take notes", "reading"),
    "other": ("Draft and finalise", "other"),
}
EFFORT = {
    "course": [10, 12, 15, 20, 25, 30, 40],
    "project": [10, 15, 20, 25, 30, 40],
    "networking": [3, 4, 6, 8, 10, 12],
    "application": [4, 6, 8, 10, 15, 20],
    "mentoring": [3, 4, 6, 8, 10],
    "reading": [4, 6, 8, 10, 15],
    "other": [2, 3, 4, 6, 8, 10],
}
KIND_CATEGORY = {
    "course": "learning",
    "reading": "learning",
    "project": "practice",
    "networking": "networking",
    "mentoring": "mentoring",
    "application": "job_search",
    "other": "practice",
}
GOALS = {
    "move": ("Move into {a_role} role", "Get hired as {a_role}", "interviews completed", (4, 8)),
    "skills": ("Build core skills for {a_role} role",
               "Close my biggest skill gaps for {role} with structured courses",
               "courses completed", None),
    "portfolio": ("Build a portfolio of work", "Publish projects that show what I can do",
                  "portfolio projects published", None),
    "network": ("Grow my professional network", "Build relationships with people in the field",
                "informational interviews", (8, 15)),
    "lead": ("Prepare to lead a team", "Build the people skills to lead a small team",
             "mentoring sessions", (6, 12)),
}  # fmt: skip
REASONS = (
    "work deadline", "course took longer than planned", "family commitments",
    "changed priorities", "waiting on a dependency", "illness", "holiday",
    "underestimated the effort", "hiring freeze", "moved house",
)  # fmt: skip
CURRENT_ROLES = {
    "data": ["43-9111.00", "43-9021.00", "15-1232.00", "Junior analyst (finance)",
             "Lab technician", "Recent economics graduate"],
    "design": ["27-1024.00", "43-4051.00", "27-3041.00", "Marketing assistant",
               "Freelance illustrator", "Retail visual merchandiser"],
    "ops": ["43-6014.00", "29-1141.00", "43-1011.00", "Shift supervisor (retail)",
            "Clinic receptionist", "Warehouse team leader"],
}  # fmt: skip
VISIONS = {
    "data": ["Lead an analytics team in healthcare",
             "Become a trusted data expert in the public sector",
             "Run data strategy for a mid-size company"],
    "design": ["Lead design for a product people love", "Run my own small design studio",
               "Make public services easy to use"],
    "ops": ["Run operations for a hospital department", "Lead a logistics team",
            "Become head of operations at a growing company"],
}  # fmt: skip
VALUES = ["autonomy", "learning", "impact", "security", "creativity", "collaboration", "balance"]
STRENGTHS = ["analytical thinking", "writing", "organisation", "empathy", "visual thinking",
             "attention to detail", "problem solving", "teaching others"]  # fmt: skip
PASSIONS = {
    "data": ["data storytelling", "public health", "forecasting", "open data"],
    "design": ["typography", "accessibility", "illustration", "user research"],
    "ops": ["process improvement", "patient experience", "supply chains", "team culture"],
}
GROWTH = ["public speaking", "statistics", "negotiation", "delegation", "networking",
          "time management", "programming"]  # fmt: skip
FIRST_NAMES = [
    "Jordan", "Aisha", "Mateo", "Mei", "Oluwaseun", "Priya", "Liam", "Fatima", "Chen", "Sofia",
    "Kwame", "Hannah", "Diego", "Yuki", "Amara", "Noah", "Leila", "Tomasz", "Ana", "Rahul",
    "Zanele", "Ethan", "Nadia", "Hiroshi", "Grace", "Omar", "Ingrid", "Carlos", "Thandiwe",
    "Lucas", "Mariam", "Arjun", "Chloe", "Tariq", "Elif", "Samuel", "Ngozi", "Jae-won", "Olivia",
    "Kofi", "Camila", "Dmitri", "Aroha", "Isaac", "Farah", "Mateus", "Sina", "Beatriz", "Ravi",
    "Siobhán", "José", "Zoë", "Malik", "Freya", "Bilal", "Esther", "Tenzin", "Lucía", "Emeka",
    "Hana",
]  # fmt: skip
LAST_NAMES = [
    "Lee", "Okafor", "García", "Nguyen", "Patel", "Kowalski", "Haddad", "Johansson", "Mensah",
    "Tanaka", "Silva", "O'Brien", "Cohen", "Dlamini", "Rossi", "Kim", "Hernández", "Ahmed",
    "Müller", "Novak", "Adeyemi", "Chowdhury", "Santos", "Ivanova", "Walker", "Yilmaz", "Park",
    "Mbeki", "Fernández", "Brown", "Singh", "Lindqvist", "Osei", "Moreau", "Wang", "Ali",
    "Campbell", "Sato", "Reyes", "Kaur", "Jensen", "Abubakar", "Murphy", "Costa", "Nakamura",
    "Petrov", "Hughes", "Bianchi", "Eze", "Larsen", "Rahman", "Torres", "Fischer", "Mahlangu",
    "Zhou", "Castillo", "Nowak", "Takahashi", "Baptiste", "Rivera",
]  # fmt: skip
COACHES = ["Morgan Ellis", "Dana Whitfield", "Sam Okoro", "Robin Castellanos"]

SOURCES = ("mentor", "manager", "peer", "test")
SOURCE_NOTES = {
    "mentor": "Mentor feedback",
    "manager": "Manager check-in",
    "peer": "Peer feedback",
    "test": "Online test result",
}
LOOSE_NOTES = [
    ("learning", "Read industry news"),
    ("reflection", "Thought about next steps"),
    ("job_search", "Browsed job postings"),
    ("other", "Organised study notes"),
    ("learning", "Watched a conference talk"),
]
REVIEW_NOTES = {
    5: ("Great month", "Feeling good about progress", "Big step forward"),
    4: ("Steady month", "Good progress", "On track"),
    3: ("Mixed month", "Busy at work", "Some progress"),
    2: ("Hard month", "Fell behind", "Low energy"),
    1: ("Struggling", "Thinking of pausing", "Nothing went to plan"),
}
