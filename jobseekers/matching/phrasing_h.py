"""The eighth dataset generator: a manpower agency's candidate export (issue 24, held out).

Written blind: its author read none of the matcher, the resolver, their word lists or the other
held-out generators; only the taxonomy's codes and canonical labels (`taxonomy.loading`), the
shared helpers of `phrasing` (`relevant_pairs`, `relevant_by_issue_rule`) and the shape of a
generated line. Every word list here is the author's own. Nothing in the matcher is tuned on it.

It writes vacancies, jobseekers and relevant pairs in the issue's JSONL format, as a recruitment
agency in Ruwi would after exporting its candidate sheet from its own system and pasting in the
CVs it receives. Each record has one writer, a "voice", and most of its phrases are in it:

* `south_asian`: Indian and Pakistani CV English ("having good knowledge in", "well versed
  with", "fresher", SSLC / Plus Two / B.Com), British spellings, job titles where a skill
  goes ("Mason", "AC Technician");
* `filipino`: Filipino CV English ("knowledgeable in", "with experience in", "College
  Graduate", TESDA), American spellings (tire, license, aluminum, center);
* `export`: the agency system's columns: capitals, codes exported as numbers ("7112.0"),
  labels cut at their parenthesis, two skills in one cell ("WELDING / FABRICATION");
* `sms`: a phone message: vowels dropped from a long word, "gd", "knwldg", "n" for "and";
* `learner`: Arabic written by a non-native speaker: the article dropped or doubled, ة as ه,
  hamzas left out, English trade words in Arabic letters ("ويلدر", "فورك لفت");
* `omani`: Omani speech, Batinah and Dhofar: "أسوي", "أعرف في", "عندي خبرة بـ", "دريول", "بنّاي".

Occupations: missing for some jobseekers, the minor group the old system stored, a number
with ".0", "ISCO-" before the code, a title in the singular or in Arabic. Education in the
words of the school systems people come from (SSLC is Oman's basic education, Plus Two its
secondary). Governorates as the agency's region names ("Batinah North", "Interior", "MCT").
Experience as numbers, "5+ yrs", "fresher", "3 yrs (2 India + 1 Oman)". Willingness to
move as "Y" / "N" and free text.

Relevance is issue 24's rule on the latent profiles (`phrasing.relevant_by_issue_rule`); about
40% of jobseekers are drawn near a vacancy. Reproducible by seed in any process: a seeded
`random.Random`, sorted before every draw, no set order.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

from jobseekers.matching import phrasing
from taxonomy import loading

PREFIX = "h"

VOICES = ("south_asian", "filipino", "export", "sms", "learner", "omani")
VOICE_WEIGHTS = (26, 16, 18, 10, 14, 16)
ARABIC_VOICES = ("learner", "omani")

# Population share by governorate, roughly, as the author remembers it.
GOVERNORATE_WEIGHTS = {
    "muscat": 30.0,
    "north_al_batinah": 15.0,
    "south_al_batinah": 10.0,
    "dhofar": 10.0,
    "ad_dakhiliyah": 10.0,
    "north_ash_sharqiyah": 6.0,
    "south_ash_sharqiyah": 7.0,
    "ad_dhahirah": 5.0,
    "al_buraimi": 3.0,
    "al_wusta": 1.5,
    "musandam": 1.5,
}

# How the agency's staff write a governorate (region names, not towns).
GOVERNORATE_WORDS = {
    "muscat": ["Muscat", "MCT", "Masqat", "Muscat Capital Area", "Capital (Muscat)", "مسقط"],
    "dhofar": ["Dhofar", "DHOFAR REGION", "Zufar", "Dhofar Gov.", "ظفار", "محافظه ظفار"],
    "musandam": ["Musandam", "Mussandam", "Musandam Peninsula", "مسندم"],
    "al_buraimi": ["Buraimi", "Al-Buraimi", "Buraymi", "Buraimi Gov.", "البريمي"],
    "ad_dakhiliyah": [
        "Dakhliyah",
        "Al Dakhiliya",
        "Interior Region",
        "Dakhilia",
        "الداخليه",
        "محافظة الداخليه",
    ],
    "north_al_batinah": [
        "Batinah North",
        "N. Batinah",
        "North Batina",
        "Al Batinah (North)",
        "الباطنة شمال",
        "شمال الباطنه",
    ],
    "south_al_batinah": [
        "Batinah South",
        "S. Batinah",
        "South Batina",
        "Al Batinah (South)",
        "الباطنة جنوب",
        "جنوب الباطنه",
    ],
    "south_ash_sharqiyah": [
        "Sharqiya South",
        "S. Sharqiyah",
        "South Sharqia",
        "Al Sharqiyah (South)",
        "الشرقية جنوب",
        "جنوب الشرقيه",
    ],
    "north_ash_sharqiyah": [
        "Sharqiya North",
        "N. Sharqiyah",
        "North Sharqia",
        "Al Sharqiyah (North)",
        "الشرقية شمال",
        "شمال الشرقيه",
    ],
    "ad_dhahirah": ["Dhahira", "Al Dhahirah", "Dhahirah Region", "Zahirah", "الظاهره"],
    "al_wusta": ["Wusta", "Al-Wusta", "Central Region (Wusta)", "Al Wosta", "الوسطي"],
}

# Education by rank (0 none .. 6 doctorate), by voice family: (English, Arabic).
EDUCATION_WORDS = {
    0: (["Nil", "No schooling", "Illiterate", "NONE", "can't read/write"], ["أمي", "لا يوجد"]),
    1: (
        ["SSLC", "10th pass", "8th std", "Elementary Graduate", "Basic (Gr. 9)", "Primary"],
        ["ابتدائيه", "تعليم اساسي", "الصف التاسع"],
    ),
    2: (
        ["Plus Two", "12th pass", "HSC", "High School Graduate", "Grade 12", "SECONDARY"],
        ["ثانويه عامه", "شهاده الثانوي", "دبلوم عام"],
    ),
    3: (
        ["Polytechnic Diploma", "Diploma (3 yrs)", "TESDA Vocational Diploma", "DIPLOMA"],
        ["دبلوم كليه تقنيه", "دبلوم بعد ثانوي"],
    ),
    4: (
        ["B.Com", "B.Sc", "B.Tech", "BS Graduate", "College Graduate", "BACHELORS", "Graduate"],
        ["بكلوريوس", "ليسانس", "بكالوريس جامعه"],
    ),
    5: (
        ["MBA", "M.Sc", "M.Com", "Post Graduate", "Masters", "MASTERS DEGREE"],
        ["ماجيستير", "ماجستير"],
    ),
    6: (["PhD", "Ph.D.", "Doctorate", "DOCTORATE"], ["دكتوراة", "دكتوراه"]),
}

# A typical education rank by ISCO major group (the author's guess).
EDUCATION_BY_MAJOR = {
    "0": 2,
    "1": 4,
    "2": 4,
    "3": 3,
    "4": 2,
    "5": 2,
    "6": 1,
    "7": 2,
    "8": 2,
    "9": 1,
}

# The author's own words for skills: English paraphrases and the job title people write for
# the trade (in the same list), and Arabic ones as colloquial or learner Arabic.
SKILL_WORDS: dict[str, list[str]] = {
    "customer_service": ["dealing with customers", "customer handling", "client servicing"],
    "communication": ["good communicator", "communication", "interpersonal skills"],
    "teamwork": ["team player", "working in team", "team work"],
    "english_language": ["English (speak, read, write)", "fluent English", "english speaking"],
    "arabic_language": ["Arabic (speaking)", "can speak arabic", "arabic knowing"],
    "computer_literacy": ["computer knowledge", "basic computer", "MS Office basic"],
    "time_management": ["punctual and time management", "managing time", "time mgt"],
    "problem_solving": ["problem solver", "solving problems", "troubleshooting problems"],
    "leadership": ["leading team", "team leader", "leadership quality"],
    "negotiation": ["negotiating", "negotiator", "deal negotiation"],
    "first_aid": ["first aider", "first-aid certified", "first aid course"],
    "occupational_safety": ["HSE awareness", "safety at work", "workplace safety", "OSHA"],
    "report_writing": ["preparing reports", "writing reports", "daily reports"],
    "data_entry": ["data entry operator", "data encoding", "entering data"],
    "typing": ["typist", "typing speed 40 wpm", "fast typing"],
    "ms_excel": ["MS Excel", "excel sheets", "Excel"],
    "ms_word": ["MS Word", "word documents"],
    "project_management": ["managing projects", "project manager", "project handling"],
    "budgeting": ["preparing budgets", "budget preparation", "budget control"],
    "planning": ["work scheduling", "planning & scheduling", "planner"],
    "supervision": ["supervisor", "supervising workers", "staff supervisor"],
    "training_others": ["trainer", "training new staff", "coaching staff"],
    "masonry": ["Mason", "block work", "brick laying", "block laying"],
    "concrete_work": ["concreting", "concrete casting", "concrete pouring"],
    "formwork": ["shuttering carpenter", "shuttering", "form work"],
    "steel_fixing": ["steel fixer", "rebar fixing", "bar bending"],
    "plastering": ["plasterer", "plaster work", "plastering works"],
    "tiling": ["tile fixer", "tiles fixing", "tile mason"],
    "painting_decorating": ["painter (building)", "house painting", "wall painting"],
    "carpentry": ["carpenter", "wood work", "joinery"],
    "scaffolding": ["scaffolder", "scaffold erection", "scaffolding works"],
    "blueprint_reading": ["drawing reading", "reading drawings", "can read drawings"],
    "surveying": ["land surveyor", "surveyor", "total station survey"],
    "site_supervision": ["site supervisor", "site foreman", "supervising site"],
    "quantity_surveying": ["quantity surveyor", "QS", "BOQ preparation"],
    "roofing": ["roofer", "roof works", "roof sheeting"],
    "insulation": ["waterproofing", "insulator", "thermal insulation works"],
    "glazing": ["glazier", "glass fixing", "glass installation"],
    "aluminium_fabrication": ["aluminium fabricator", "aluminum windows and doors"],
    "demolition": ["demolishing", "demolition works", "breaking works"],
    "manual_handling": ["loading and unloading", "lifting heavy loads", "manual lifting"],
    "hand_power_tools": ["using tools", "power tools", "hand tools operation"],
    "road_construction": ["road works", "asphalt road works", "road construction works"],
    "structural_design": ["structural engineer", "structural designing", "structure design"],
    "autocad": ["AutoCAD", "auto cad draftsman", "CAD drafting"],
    "revit_bim": ["Revit", "BIM modeller", "BIM"],
    "cost_estimation": ["estimator", "costing", "estimation"],
    "contract_administration": ["contracts admin", "contract management"],
    "stone_masonry": ["stone mason", "stone work", "stone cladding"],
    "electrical_wiring": ["electrician", "house wiring", "wiring works"],
    "electrical_troubleshooting": ["electrical troubleshooting", "fault finding"],
    "distribution_boards": ["DB installation", "panel board wiring", "MDB/SMDB"],
    "electrical_safety": ["LOTO", "electrical safety", "lock out tag out"],
    "cable_termination": ["cable jointer", "cable pulling and termination", "cable laying"],
    "conduit_installation": ["conduiting", "trunking and conduit works"],
    "lighting_installation": ["light fitting", "lights fixing", "lighting works"],
    "motor_control": ["motor starters", "DOL / star-delta starter", "motor control"],
    "plc_programming": ["PLC", "PLC programmer", "Siemens PLC"],
    "electrical_testing": ["megger testing", "electrical testing", "testing & commissioning"],
    "power_lines": ["OHL lineman", "lineman", "overhead line works"],
    "high_voltage": ["HV", "11kV / 33kV works", "high voltage"],
    "solar_pv": ["solar panel installer", "solar panels fixing", "solar installation"],
    "electronics_repair": ["electronics technician", "repairing electronics", "TV repair"],
    "telecom_cabling": ["fibre optic splicing", "telecom cable works", "structured cabling"],
    "cctv_installation": ["CCTV technician", "camera installation", "alarm system fixing"],
    "electrical_design": ["electrical designer", "electrical design engineer"],
    "generator_maintenance": ["genset maintenance", "generator mechanic", "DG set servicing"],
    "pipe_fitting": ["pipe fitter", "piping", "pipefitter"],
    "plumbing_installation": ["plumber", "plumbing", "plumbing works"],
    "drainage_systems": ["drainage works", "sewerage lines", "drain line works"],
    "water_heater_installation": ["geyser fixing", "water heater fixing"],
    "leak_detection": ["leak repairing", "finding leakages", "leakage repair"],
    "plastic_pipe_jointing": ["PPR welding", "PVC pipe joining", "PPR fusion"],
    "hvac_installation": ["AC installation", "AC technician", "HVAC installer"],
    "refrigeration": ["refrigeration technician", "fridge repair", "cold room works"],
    "ac_maintenance": ["AC servicing", "AC mechanic", "split AC maintenance"],
    "refrigerant_charging": ["gas charging", "AC gas filling", "gas refilling"],
    "ductwork": ["duct fabrication", "duct installer", "ducting"],
    "fire_protection_systems": ["fire fighting system installation", "sprinkler fitter"],
    "pump_maintenance": ["pump mechanic", "pumps repair", "pump servicing"],
    "arc_welding": ["welder", "arc welder", "SMAW welder", "stick welding"],
    "mig_welding": ["MIG welder", "CO2 welding", "MIG"],
    "tig_welding": ["TIG welder", "argon welding", "TIG"],
    "gas_cutting": ["gas cutter", "gas cutting", "oxy-acetylene cutting"],
    "pipe_welding": ["6G welder", "pipe welder", "pipeline welding"],
    "weld_inspection": ["welding inspector", "CSWIP", "weld inspector"],
    "sheet_metal_work": ["sheet metal worker", "tin smith", "sheet metal fabrication"],
    "steel_fabrication": ["steel fabricator", "fabricator", "fabrication works"],
    "steel_erection": ["steel erector", "steel structure erection works"],
    "blacksmithing": ["blacksmith", "forging", "smithy"],
    "machining": ["lathe operator", "turner", "machinist", "milling machine"],
    "cnc_operation": ["CNC operator", "CNC machinist", "CNC"],
    "tool_making": ["tool and die maker", "die making", "toolmaker"],
    "grinding": ["grinder man", "grinding", "buffing and grinding"],
    "precision_measurement": ["vernier and micrometer", "measuring instruments", "metrology"],
    "engine_repair": ["engine mechanic", "engine overhauling", "engine works"],
    "vehicle_diagnostics": ["car scanning", "diagnosis of vehicles", "OBD scanner"],
    "brake_systems": ["brake works", "brake repairing", "brake pads changing"],
    "transmission_repair": ["gear box repair", "gearbox mechanic", "transmission works"],
    "auto_electrical": ["auto electrician", "car electrician", "vehicle wiring"],
    "suspension_steering": ["suspension works", "steering repairs", "under chassis works"],
    "vehicle_ac": ["car AC", "auto AC technician", "vehicle AC repair"],
    "preventive_maintenance": ["PPM", "preventive maintenance", "planned maintenance"],
    "heavy_equipment_repair": ["heavy equipment mechanic", "HE mechanic", "heavy machinery repair"],
    "diesel_engines": ["diesel mechanic", "diesel engine works", "diesel engines"],
    "hydraulics": ["hydraulic", "hydraulic systems repair", "hydraulics"],
    "pneumatics": ["pneumatic", "pneumatics"],
    "tyre_service": ["tyre man", "tire repair", "puncture and balancing", "wheel balancing"],
    "panel_beating": ["denter", "denting", "body repair (denting)"],
    "car_painting": ["car painter", "auto painting", "spray painter"],
    "mechanical_maintenance": ["maintenance fitter", "mechanical fitter", "plant maintenance"],
    "bearings_alignment": ["laser alignment", "shaft alignment", "bearing changing"],
    "aircraft_maintenance": ["aircraft technician", "AME", "aircraft mechanic"],
    "motorcycle_repair": ["bike mechanic", "motorbike repair"],
    "maintenance_planning": ["maintenance planner", "planning maintenance", "CMMS planning"],
    "light_vehicle_driving": ["light driver", "LV driver", "car driving", "driver (light)"],
    "heavy_vehicle_driving": ["heavy driver", "HV driver", "truck driver", "trailer driver"],
    "bus_driving": ["bus driver", "school bus driving", "coaster driver"],
    "driving_licence_light": ["Oman light license", "LMV license", "light licence holder"],
    "driving_licence_heavy": ["Oman heavy license", "HMV licence", "heavy licence holder"],
    "defensive_driving": ["defensive driving certificate", "safe driving", "DDC"],
    "route_navigation": ["knows all routes", "GPS navigation", "route planning"],
    "delivery_operations": ["delivery driver", "goods delivering", "delivery boy"],
    "vehicle_inspection": ["vehicle checks", "pre-trip inspection", "daily vehicle checking"],
    "passenger_transport": ["staff transport", "passenger driving", "taxi driver"],
    "forklift_operation": ["forklift operator", "fork lift driver", "forklift"],
    "crane_operation": ["crane operator", "mobile crane", "crane operating"],
    "excavator_operation": ["excavator operator", "JCB operator", "poclain operator"],
    "loader_operation": ["shovel operator", "loader operator", "bulldozer operator"],
    "rigging": ["rigger", "rigging", "signal man / rigger"],
    "tanker_driving": ["water tanker driver", "fuel tanker driver", "tanker driver"],
    "dangerous_goods": ["hazmat driving", "ADR", "dangerous goods"],
    "trip_records": ["trip sheets", "delivery notes", "log book maintaining"],
    "food_preparation": ["cook", "cooking", "food preparing", "commis"],
    "arabic_cuisine": ["Arabic cook", "Omani food", "arabic dishes"],
    "indian_cuisine": ["Indian cook", "tandoor", "Indian dishes"],
    "continental_cuisine": ["continental cook", "continental dishes", "western food"],
    "baking": ["baker", "pastry chef", "cakes and pastry"],
    "grilling": ["shawarma and grill", "grill cook", "BBQ"],
    "food_hygiene": ["HACCP", "food hygiene", "food safety"],
    "kitchen_equipment": ["kitchen machines", "kitchen equipment"],
    "menu_planning": ["menu planning", "menu making"],
    "kitchen_management": ["head chef", "kitchen in-charge", "chef de cuisine"],
    "food_serving": ["waiter", "waitress", "food and beverage service", "F&B service"],
    "order_taking": ["order taker", "taking orders"],
    "coffee_preparation": ["barista", "coffee maker", "tea boy"],
    "housekeeping": ["room attendant", "housekeeper", "house keeping"],
    "front_desk": ["front office", "hotel receptionist", "front desk agent"],
    "catering_service": ["catering", "banquet service", "outdoor catering"],
    "dishwashing": ["dish washer", "steward (kitchen)", "pot washing"],
    "cleaning_techniques": ["cleaner", "cleaning", "office cleaning"],
    "cleaning_chemicals": ["chemicals for cleaning", "cleaning chemical handling"],
    "floor_care": ["floor scrubbing machine", "floor polishing", "scrubber machine"],
    "laundry": ["laundry man", "washing and ironing", "ironing"],
    "waste_handling": ["garbage collection", "waste collection", "waste segregation"],
    "pest_control": ["pest control technician", "fumigation", "spraying insects"],
    "gardening": ["gardener", "garden works", "landscaping"],
    "irrigation": ["drip irrigation", "irrigation works", "watering systems"],
    "pool_maintenance": ["pool cleaner", "swimming pool technician", "pool cleaning"],
    "building_maintenance": ["maintenance man", "handyman", "building maintenance"],
    "childcare": ["nanny", "baby sitter", "taking care of kids"],
    "elderly_care": ["caregiver (elderly)", "old age care", "care for elders"],
    "car_washing": ["car washer", "car wash", "car cleaning"],
    "crop_cultivation": ["farming", "farm worker", "growing vegetables"],
    "date_palm_care": ["palm tree climber", "date farm works", "date palms"],
    "livestock_care": ["shepherd", "cattle keeping", "goats and camels care"],
    "poultry_farming": ["poultry farm worker", "chicken farm", "poultry"],
    "fishing": ["fisherman", "fishing", "net fishing"],
    "boat_handling": ["boat driver", "boatman", "skipper"],
    "greenhouse": ["green house works", "greenhouse farming"],
    "aquaculture": ["fish farm", "fish farming", "shrimp farm"],
    "sales_techniques": ["salesman", "sales", "selling"],
    "cash_handling": ["cashier", "cash handling", "cash counting"],
    "pos_systems": ["POS", "POS machine", "billing machine"],
    "merchandising": ["merchandiser", "shelf arranging", "merchandising"],
    "stock_control": ["store keeper", "inventory control", "stock keeping"],
    "product_knowledge": ["knowing products", "product knowledge"],
    "b2b_sales": ["corporate sales", "B2B", "sales to companies"],
    "marketing": ["marketing executive", "marketing"],
    "digital_marketing": ["social media marketing", "SEO", "online marketing"],
    "market_research": ["market survey", "market study"],
    "telesales": ["telesales", "tele-caller", "sales over phone"],
    "complaint_handling": ["handling customer complaints", "complaints"],
    "call_centre": ["call center agent", "call centre", "CSR (call center)"],
    "purchasing": ["purchaser", "procurement", "buyer", "purchase officer"],
    "real_estate_sales": ["real estate agent", "property broker", "real estate"],
    "insurance_sales": ["insurance agent", "selling insurance", "insurance advisor"],
    "warehouse_operations": ["warehouse keeper", "warehouse", "warehouseman"],
    "order_picking": ["picker packer", "packing", "picking and packing"],
    "shipping_documents": ["customs clearance", "clearing agent", "shipping docs"],
    "logistics_planning": ["logistics coordinator", "logistics", "fleet planning"],
    "erp_systems": ["SAP", "Oracle ERP", "ERP"],
    "bookkeeping": ["book keeper", "book-keeping", "ledger writing"],
    "financial_accounting": ["accountant", "accounts", "accounting"],
    "financial_reporting": ["finalization of accounts", "balance sheet", "P&L preparation"],
    "accounts_payable": ["AP / AR", "payables and receivables", "AR follow up"],
    "bank_reconciliation": ["bank reco", "BRS", "bank reconciliation statement"],
    "payroll": ["salary processing", "payroll", "WPS salaries"],
    "vat_tax": ["VAT", "VAT returns", "taxation"],
    "auditing": ["auditor", "internal audit", "audit"],
    "accounting_software": ["Tally", "QuickBooks", "Tally ERP 9", "Peachtree"],
    "cost_accounting": ["costing accountant", "cost accounts"],
    "financial_analysis": ["financial analyst", "ratio analysis", "finance analysis"],
    "banking_operations": ["bank teller", "banking", "bank operations"],
    "credit_analysis": ["credit analyst", "loan appraisal", "credit assessment"],
    "islamic_finance": ["Islamic banking", "sharia banking"],
    "office_administration": ["office admin", "administration", "admin work"],
    "filing_records": ["filing", "document control", "record keeping"],
    "correspondence": ["letter drafting", "emails and letters", "correspondence"],
    "reception_skills": ["receptionist", "telephone operator", "attending calls"],
    "appointment_scheduling": ["fixing appointments", "calendar management"],
    "translation": ["translator", "Arabic-English translation", "translating"],
    "government_relations": ["PRO", "PRO works", "mandoob", "visa processing"],
    "hr_administration": ["HR admin", "personnel", "HR assistant"],
    "recruitment": ["recruiter", "hiring", "recruitment"],
    "labour_law": ["Oman labor law", "labour law", "labor rules"],
    "secretarial": ["secretary", "secretarial", "PA"],
    "arabic_typing": ["Arabic typist", "typing in arabic"],
    "python": ["Python", "python developer", "Django"],
    "java": ["Java", "java developer", "J2EE"],
    "javascript": ["JS", "javascript", "React"],
    "csharp_dotnet": ["ASP.NET", ".Net developer", "C#"],
    "php": ["PHP developer", "Laravel", "php"],
    "web_development": ["web developer", "website making", "web designing"],
    "mobile_development": ["android developer", "mobile apps", "iOS/Android apps"],
    "sql_databases": ["SQL", "MySQL", "SQL Server"],
    "database_administration": ["DBA", "Oracle DBA", "database admin"],
    "network_administration": ["network admin", "CCNA", "networking"],
    "system_administration": ["system admin", "sysadmin", "windows server admin"],
    "linux": ["Linux", "RHCE", "linux admin"],
    "cloud_computing": ["AWS", "Azure", "cloud"],
    "cybersecurity": ["information security", "IT security", "cyber security"],
    "it_support": ["IT support", "helpdesk", "desktop support engineer"],
    "hardware_repair": ["computer technician", "hardware and networking", "laptop repair"],
    "software_testing": ["QA tester", "manual testing", "software tester"],
    "data_analysis": ["data analyst", "Power BI", "analysing data"],
    "machine_learning": ["ML", "AI / ML", "deep learning"],
    "graphic_design": ["graphic designer", "Photoshop", "designing (Photoshop, Illustrator)"],
    "ui_ux_design": ["UI designer", "UX", "Figma"],
    "software_architecture": ["software architect", "system design"],
    "devops": ["DevOps engineer", "Jenkins", "CI/CD pipelines"],
    "mechanical_design": ["mechanical designer", "SolidWorks", "machine design"],
    "process_engineering": ["process engineer", "process engg", "process design"],
    "oil_gas_operations": ["oil field", "oil and gas", "oilfield operator"],
    "drilling_operations": ["driller", "rig work", "drilling rig"],
    "instrumentation": ["instrument technician", "instrumentation", "calibration"],
    "quality_control": ["QC inspector", "QA/QC", "quality checking", "QC"],
    "quality_management": ["ISO 9001", "QMS", "quality systems"],
    "environmental_management": ["environment officer", "ISO 14001", "environmental"],
    "hse_management": ["HSE officer", "safety officer", "NEBOSH"],
    "mining_operations": ["quarry", "mining", "crusher plant"],
    "telecom_engineering": ["telecom engineer", "RF engineer", "telecom"],
    "water_treatment": ["RO plant operator", "desalination", "water treatment plant"],
    "power_plant_operation": ["power plant operator", "power station", "turbine operator"],
    "plant_operation": ["plant operator", "control room operator", "process operator"],
    "technical_drawing": ["draftsman", "drafting", "technical drawings"],
    "architectural_design": ["architect", "architectural drawings", "architecture"],
    "urban_planning": ["town planner", "urban planner", "city planning"],
    "lab_testing": ["lab technician", "laboratory tests", "lab"],
    "materials_testing": ["soil and concrete testing", "material lab", "cube testing"],
    "patient_care": ["caring for patients", "patient handling", "bedside care"],
    "vital_signs": ["checking vitals", "BP checking", "vitals"],
    "medication_administration": ["giving medicines", "medication", "drug administration"],
    "infection_control": ["infection prevention", "sterilization", "IPC"],
    "bls_cpr": ["BLS", "CPR", "BLS certified"],
    "wound_care": ["dressing", "wound dressing"],
    "critical_care_nursing": ["ICU nurse", "ICU nursing", "critical care"],
    "midwifery": ["midwife", "labour room", "delivery room nurse"],
    "clinical_diagnosis": ["diagnosing patients", "GP", "clinical examination"],
    "dispensing": ["pharmacist", "pharmacy", "dispensing"],
    "medical_laboratory": ["lab technologist", "medical lab", "pathology lab"],
    "radiography": ["X-ray technician", "radiographer", "X-ray"],
    "physiotherapy": ["physiotherapist", "physio", "rehab therapy"],
    "dental_care": ["dentist", "dental assistant", "dental"],
    "medical_records": ["medical records clerk", "patient files", "HIS entry"],
    "emergency_care": ["ER nurse", "emergency department", "casualty"],
    "nutrition": ["dietitian", "diet planning", "nutritionist"],
    "personal_care": ["caregiver", "care assistant", "helping patients bathing"],
    "lesson_planning": ["lesson plans", "preparing lessons", "lesson plan"],
    "classroom_management": ["class control", "handling students", "class management"],
    "student_assessment": ["exam correction", "evaluating students", "assessment"],
    "teaching_mathematics": ["maths teacher", "math teacher", "teaching maths"],
    "teaching_science": ["science teacher", "teaching physics/chemistry"],
    "teaching_english": ["English teacher", "ESL teacher", "teaching english"],
    "teaching_arabic": ["Arabic teacher", "teaching arabic"],
    "early_childhood": ["KG teacher", "nursery teacher", "kindergarten"],
    "special_needs_education": ["special ed teacher", "SEN", "autism kids teaching"],
    "e_learning": ["online teaching", "Moodle", "e-learning"],
    "vocational_training": ["vocational instructor", "technical trainer", "instructor"],
    "academic_research": ["researcher", "research papers", "research"],
    "islamic_studies": ["Islamic teacher", "Quran teacher", "islamic education"],
    "security_patrolling": ["security guard", "patrolling", "guard"],
    "access_control": ["gate keeping", "gate security", "access cards"],
    "cctv_monitoring": ["CCTV operator", "camera monitoring", "control room (CCTV)"],
    "emergency_response": ["emergency evacuation", "fire drill", "emergency"],
    "fire_fighting": ["fire fighter", "fireman", "fire fighting"],
    "incident_reporting": ["incident reports", "reporting incidents"],
    "crowd_control": ["crowd management", "event security", "crowd"],
    "security_screening": ["baggage screening", "frisking", "body search"],
    "hairdressing": ["barber", "hair cutting", "hair dresser", "saloon"],
    "beauty_treatments": ["beautician", "beauty parlour", "makeup artist"],
    "tailoring": ["tailor", "stitching", "ladies tailor"],
    "dishdasha_tailoring": ["dishdasha tailor", "Omani dishdasha stitching", "dishdasha"],
    "butchery": ["butcher", "meat cutting", "slaughtering"],
    "bread_production": ["khubz baker", "arabic bread", "bread maker"],
    "upholstery": ["upholsterer", "sofa making", "car upholstery"],
    "furniture_making": ["furniture carpenter", "furniture maker", "furniture works"],
    "handicrafts": ["handicraft", "pottery", "hand made crafts"],
    "jewellery": ["goldsmith", "jeweller", "gold works"],
    "printing": ["printing press operator", "offset printing", "printer man"],
    "photography": ["photographer", "camera man", "photo shoots"],
    "video_production": ["video editor", "videographer", "video editing"],
    "industrial_sewing": ["machine operator (sewing)", "sewing machine operator", "stitcher"],
    "machine_operation": ["machine operator", "production operator", "operating machines"],
    "assembly": ["assembler", "assembly line", "fitter (assembly)"],
    "packaging_machines": ["packing machine operator", "filling machine", "packing line"],
    "plastic_moulding": ["injection moulding operator", "moulding machine", "blow molding"],
    "food_processing": ["food factory", "food production worker", "food production"],
    "concrete_products": ["block factory", "interlock and block making", "cement factory"],
    "chemical_handling": ["chemicals", "handling chemicals", "MSDS"],
    "gmp": ["GMP", "good manufacturing practices"],
    "strategic_planning": ["strategy", "business planning", "strategic plans"],
    "people_management": ["managing people", "manpower handling", "team management"],
    "business_development": ["BD", "business development manager", "new business"],
    "operations_management": ["operations manager", "operations", "ops management"],
    "risk_management": ["risk assessment", "risk", "risk analysis"],
    "hr_management": ["HR manager", "HR", "human resources"],
    "performance_management": ["appraisals", "KPI setting", "staff appraisal"],
    "public_relations": ["PR", "PR officer", "media relations"],
    "hotel_management": ["hotel manager", "hotel operations", "hospitality management"],
    "retail_management": ["shop manager", "store manager", "showroom in-charge"],
    "legal_drafting": ["drafting contracts", "legal documents drafting", "contracts drafting"],
    "litigation": ["lawyer", "advocate", "court cases"],
    "legal_research": ["legal researcher", "law research", "legal"],
    "social_work": ["social worker", "counsellor", "counseling"],
    "journalism": ["journalist", "reporter", "news writing"],
    "content_writing": ["content writer", "blog writing", "copywriting"],
    "tour_guiding": ["tour guide", "guiding tourists", "tourist guide"],
    "travel_booking": ["ticketing", "travel agent", "air ticketing (Amadeus)"],
    "event_management": ["event organizer", "events", "event planning"],
    "fitness_training": ["gym trainer", "fitness coach", "personal trainer"],
}

SKILL_WORDS_AR: dict[str, list[str]] = {
    "customer_service": ["تعامل مع زبائن", "خدمه زباين"],
    "communication": ["كلام مع الناس زين", "تواصل"],
    "teamwork": ["شغل مع فريق", "عمل جماعه"],
    "english_language": ["انجليزي", "اتكلم انجليزي"],
    "arabic_language": ["عربي", "اتكلم عربي شوي"],
    "computer_literacy": ["كمبيوتر", "استخدام كمبيوتر"],
    "occupational_safety": ["سيفتي", "سلامه في الشغل"],
    "report_writing": ["كتابه تقرير", "اكتب تقارير"],
    "first_aid": ["اسعاف اولي", "اسعافات"],
    "masonry": ["بنّاي", "بناء طابوق", "بناي"],
    "concrete_work": ["صب خرسانه", "كونكريت"],
    "formwork": ["شتره", "نجار شتره"],
    "steel_fixing": ["حديد تسليح", "حداد مسلح"],
    "plastering": ["لياسه", "محاره"],
    "tiling": ["بلاط", "تركيب كاشي"],
    "painting_decorating": ["صباغ", "صبغ بيوت"],
    "carpentry": ["نجار", "نجاره"],
    "scaffolding": ["سكافولد", "سقايل"],
    "electrical_wiring": ["كهربائي", "اليكتريشن", "تمديد كهرباء"],
    "plumbing_installation": ["سباك", "بلمبر", "سباكه"],
    "hvac_installation": ["فني مكيفات", "تركيب مكيفات"],
    "ac_maintenance": ["تصليح مكيفات", "صيانه مكيف"],
    "arc_welding": ["لحام", "ويلدر", "لحيم"],
    "gas_cutting": ["قص غاز", "قطع بالغاز"],
    "steel_fabrication": ["فابريكيشن حديد", "حداد"],
    "engine_repair": ["ميكانيكي مكاين", "تصليح ماكينه"],
    "auto_electrical": ["كهربائي سيارات", "كهربا سيارات"],
    "preventive_maintenance": ["صيانه وقائيه", "صيانه دوريه"],
    "tyre_service": ["بنشر", "بنشري"],
    "panel_beating": ["سمكري", "سمكره"],
    "car_painting": ["صباغ سيارات", "رش سيارات"],
    "light_vehicle_driving": ["دريول", "سواق خفيف", "سياقه سياره"],
    "heavy_vehicle_driving": ["دريول شاحنه", "سواق ثقيل", "سياقه تريله"],
    "bus_driving": ["سواق باص", "دريول باص"],
    "driving_licence_light": ["ليسن خفيف", "رخصه خفيف"],
    "driving_licence_heavy": ["ليسن ثقيل", "رخصه ثقيل"],
    "delivery_operations": ["توصيل", "ديليفري"],
    "forklift_operation": ["فورك لفت", "سايق رافعه شوكيه"],
    "crane_operation": ["كرين", "سايق كرين"],
    "excavator_operation": ["بوكلين", "حفاره"],
    "loader_operation": ["شيول", "سايق شيول"],
    "food_preparation": ["طباخ", "طبخ"],
    "arabic_cuisine": ["طبخ عماني", "اكل عربي", "مشاكيك وعرسيه"],
    "baking": ["خباز", "حلويات"],
    "food_serving": ["جرسون", "ويتر"],
    "coffee_preparation": ["قهوجي", "صب قهوه", "باريستا"],
    "housekeeping": ["هاوس كيبنق", "تنظيف غرف"],
    "cleaning_techniques": ["تنظيف", "عامل نظافه", "كلينر"],
    "laundry": ["غسيل وكوي", "مكوجي"],
    "gardening": ["مزارع حدايق", "جاردنر", "بستاني"],
    "irrigation": ["ري بالتنقيط", "سقي"],
    "childcare": ["مربيه", "رعايه عيال"],
    "car_washing": ["غسيل سيارات", "مغسله"],
    "crop_cultivation": ["زراعه", "مزارع"],
    "date_palm_care": ["نخيل", "تنبيت نخل", "طلوع النخل"],
    "livestock_care": ["راعي غنم", "رعي حلال", "رعايه بوش"],
    "fishing": ["صياد", "صيد سمك", "اصيد"],
    "boat_handling": ["سواق لنش", "قيادة طراد"],
    "sales_techniques": ["بياع", "مبيعات", "سيلز"],
    "cash_handling": ["كاشير", "كاش"],
    "stock_control": ["ستور كيبر", "مخزن", "امين مخزن"],
    "merchandising": ["ترتيب رفوف", "مرشندايزر"],
    "financial_accounting": ["محاسب", "حسابات"],
    "bookkeeping": ["دفاتر حسابات", "مسك دفاتر"],
    "payroll": ["رواتب", "معاشات"],
    "office_administration": ["اداري", "شغل مكتب"],
    "reception_skills": ["ريسبشن", "استقبال"],
    "government_relations": ["مندوب", "تخليص معاملات"],
    "hr_administration": ["شؤون موظفين", "اتش ار"],
    "secretarial": ["سكرتير", "سكرتيره"],
    "arabic_typing": ["طباعه عربي", "كتابه عربي كمبيوتر"],
    "quality_control": ["كيو سي", "فحص جوده"],
    "hse_management": ["ضابط سلامه", "اتش اس اي"],
    "patient_care": ["رعايه مريض", "تمريض"],
    "bls_cpr": ["انعاش قلب", "بي ال اس"],
    "infection_control": ["تعقيم", "منع عدوي"],
    "security_patrolling": ["حارس امن", "سكيورتي", "حراسه"],
    "access_control": ["بوابه", "حارس بوابه"],
    "fire_fighting": ["اطفاء", "اطفائي"],
    "hairdressing": ["حلاق", "حلاقه"],
    "beauty_treatments": ["كوافيره", "تجميل"],
    "tailoring": ["خياط", "خياطه"],
    "dishdasha_tailoring": ["خياط دشاديش", "تفصيل دشداشه", "خياطة كمه ودشداشه"],
    "butchery": ["قصاب", "جزار"],
    "bread_production": ["خباز عربي", "رغيف"],
    "furniture_making": ["نجار موبيليا", "اثاث"],
    "handicrafts": ["صناعه فخار", "سعفيات", "حرف يدويه"],
    "machine_operation": ["اوبريتر مكينه", "تشغيل مكاين"],
    "teaching_english": ["مدرس انجليزي", "تدريس انقليزي"],
    "teaching_arabic": ["مدرس عربي", "تدريس عربي"],
    "teaching_mathematics": ["مدرس رياضيات", "تدريس حساب"],
    "islamic_studies": ["مدرس تربيه اسلاميه", "تحفيظ قرآن"],
    "lesson_planning": ["تحضير دروس", "تحضير"],
    "classroom_management": ["ضبط الصف", "ضبط فصل"],
}

# British and American spellings, both ways.
SPELLINGS = [
    ("aluminium", "aluminum"),
    ("licence", "license"),
    ("tyre", "tire"),
    ("centre", "center"),
    ("moulding", "molding"),
    ("jewellery", "jewelry"),
    ("labour", "labor"),
    ("organis", "organiz"),
    ("colour", "color"),
    ("analys", "analyz"),
    ("counsell", "counsel"),
]

SOUTH_ASIAN_FRAMES = [
    "having good knowledge in {}",
    "well versed with {}",
    "{} works",
    "knowledge of {}",
    "{} (Gulf experience)",
    "done {} in India",
    "expert in {}",
    "{} job",
]
FILIPINO_FRAMES = [
    "knowledgeable in {}",
    "with experience in {}",
    "{} (hands on)",
    "skilled in {}",
    "can do {}",
    "{} - NC II",
    "proficient in {}",
]
# How the agency words the same skill in a demand letter from an employer.
AD_FRAMES_EN = [
    "{} required",
    "must know {}",
    "{} - must",
    "Gulf exp. in {} preferred",
    "should have {}",
    "{} (mandatory)",
]
AD_FRAMES_AR = ["مطلوب {}", "يشترط {}", "{} ضروري", "خبره في {} مطلوبه"]
SMS_FRAMES = ["gd in {}", "{} knwldg", "xprnc {}", "{} ok", "{} wrk", "{}"]
LEARNER_FRAMES = ["انا {}", "انا يعرف {}", "شغل {}", "{} كويس", "{} خبره"]
OMANI_FRAMES = ["أسوي {}", "أعرف في {}", "عندي خبرة بـ{}", "{} زين", "أشتغل {}", "{}"]

NUMBERS_EN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _units() -> tuple[list[str], dict[str, list[str]], dict[str, list[str]]]:
    """The unit groups with any essential skill, and each one's essential and optional skills,
    from the shipped files (the same expansion the loader uses)."""
    unit_codes = sorted(r["code"] for r in loading.isco08_rows() if len(r["code"]) == 4)
    essential: dict[str, list[str]] = {}
    optional: dict[str, list[str]] = {}
    expanded = loading.expand_occupation_skills(
        unit_codes=unit_codes, links=loading.occupation_skill_rows()
    )
    for unit, skill, relation, _source in expanded:
        target = essential if relation == loading.ESSENTIAL else optional
        target.setdefault(unit, []).append(skill)
    units = sorted(u for u in essential if essential[u])
    return (
        units,
        {u: sorted(v) for u, v in essential.items()},
        {u: sorted(v) for u, v in optional.items()},
    )


class _Clerk:
    """Writes one record at a time in one voice, with the agency's habits."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.skills = {row["code"]: row for row in loading.skill_rows()}
        self.titles = {row["code"]: row for row in loading.isco08_rows()}

    # -- skills -----------------------------------------------------------------------------

    def skill(self, code: str, voice: str, *, vacancy: bool) -> str:
        rng = self.rng
        if rng.random() < 0.25:  # a colleague pasted this line in another voice
            voice = rng.choice(VOICES)
        row = self.skills[code]
        if voice in ARABIC_VOICES:
            text = self._arabic(code, row["label_ar"], voice, framed=not vacancy)
            if vacancy and rng.random() < 0.4:
                text = rng.choice(AD_FRAMES_AR).format(text)
            return text
        base = self._english_base(code, row["label_en"])
        if vacancy and voice in ("south_asian", "filipino") and rng.random() < 0.5:
            return rng.choice(AD_FRAMES_EN).format(
                self._spelling(base, british=voice == "south_asian")
            )
        if voice == "south_asian":
            text = self._spelling(base, british=True)
            if rng.random() < 0.5:
                text = rng.choice(SOUTH_ASIAN_FRAMES).format(text)
            return text
        if voice == "filipino":
            text = self._spelling(base, british=False)
            if rng.random() < 0.5:
                text = rng.choice(FILIPINO_FRAMES).format(text)
            return text
        if voice == "export":
            text = base.upper() if rng.random() < 0.6 else base
            return text + rng.choice(("", "", "", ";", ".", " "))
        return self._sms(base)

    def _english_base(self, code: str, label: str) -> str:
        rng = self.rng
        own = SKILL_WORDS.get(code)
        roll = rng.random()
        if own and roll < 0.6:
            return rng.choice(own)
        if roll < 0.8:
            return self._cut(label)
        return label.lower() if rng.random() < 0.5 else label

    def _cut(self, label: str) -> str:
        """The label as a form with fewer boxes keeps it: no parenthesis, "and" as "&", a
        leading adjective dropped, or only the part in brackets."""
        rng = self.rng
        inside = re.search(r"\(([^)]*)\)", label)
        outside = re.sub(r"\s*\([^)]*\)", "", label).strip()
        if inside and rng.random() < 0.3:
            return inside.group(1)
        text = outside
        if " and " in text and rng.random() < 0.5:
            text = text.replace(" and ", rng.choice((" & ", "/", " n ")))
        words = text.split()
        if len(words) >= 3 and rng.random() < 0.3:
            text = " ".join(words[1:])
        return text

    def _spelling(self, text: str, *, british: bool) -> str:
        for uk, us in SPELLINGS:
            if british:
                text = text if uk in text.lower() else re.sub(rf"\b{us}", uk, text, flags=re.I)
            else:
                text = re.sub(rf"\b{uk}", us, text, flags=re.I)
        return text

    def _sms(self, text: str) -> str:
        rng = self.rng
        text = text.lower().replace(" and ", " n ").replace(" & ", " n ")
        words = text.split()
        long = [i for i, w in enumerate(words) if len(w) >= 7 and w.isalpha()]
        if long and rng.random() < 0.7:
            i = rng.choice(long)
            word = words[i]
            words[i] = word[0] + "".join(ch for ch in word[1:-1] if ch not in "aeiou") + word[-1]
        text = " ".join(words).replace("good", "gd").replace("knowledge", "knwldg")
        if rng.random() < 0.4:
            text = rng.choice(SMS_FRAMES).format(text)
        return text

    def _arabic(self, code: str, label: str, voice: str, *, framed: bool) -> str:
        rng = self.rng
        own = SKILL_WORDS_AR.get(code)
        if own and rng.random() < 0.55:
            text = rng.choice(own)
        else:
            text = re.sub(r"\s*\([^)]*\)", "", label) if rng.random() < 0.5 else label
            if voice == "learner":
                text = self._learner(text)
            elif rng.random() < 0.5:
                text = re.sub(r"ة\b", "ه", text)
        frames = LEARNER_FRAMES if voice == "learner" else OMANI_FRAMES
        if framed and rng.random() < 0.45:
            text = rng.choice(frames).format(text)
        return text

    def _learner(self, text: str) -> str:
        """A non-native writer: hamzas and ta marbuta as they sound, the article dropped from
        a word or put on one that had none."""
        rng = self.rng
        for a, b in (("أ", "ا"), ("إ", "ا"), ("آ", "ا")):
            text = text.replace(a, b)
        if rng.random() < 0.6:
            text = re.sub(r"ة\b", "ه", text)
        words = text.split()
        roll = rng.random()
        if roll < 0.4:
            words = [w[2:] if w.startswith("ال") and len(w) > 4 else w for w in words]
        elif roll < 0.55 and words and not words[0].startswith("ال"):
            words[0] = "ال" + words[0]
        if rng.random() < 0.25:
            words = [w.replace("ى", "ي") for w in words]
        return " ".join(words)

    # -- the other fields -------------------------------------------------------------------

    def occupation(self, code: str, *, jobseeker: bool, voice: str) -> str | None:
        rng = self.rng
        roll = rng.random()
        if jobseeker:
            if roll < 0.15:
                return None
            roll = (roll - 0.15) / 0.85
            if roll < 0.12:
                return code[:3]  # the old system kept minor groups only
        if roll < 0.4:
            return code
        if roll < 0.55:
            return f"{code}.0"
        if roll < 0.65:
            return rng.choice((f"ISCO-{code}", f"ISCO 08: {code}", f" {code} "))
        if roll < 0.8 and voice in ARABIC_VOICES:
            return self.titles[code]["title_ar"]
        if roll < 0.85:
            return self.titles[code]["title_ar"]
        title = _singular(self.titles[code]["title_en"])
        if voice == "export":
            return title.upper()
        return title if rng.random() < 0.5 else f"{title} ({code})"

    def education(self, rank: int, voice: str) -> str | None:
        rng = self.rng
        if rng.random() < 0.03:
            return None
        english, arabic = EDUCATION_WORDS[rank]
        if voice in ARABIC_VOICES and rng.random() < 0.7:
            return rng.choice(arabic)
        return rng.choice(english)

    def governorate(self, code: str, voice: str) -> str:
        words = GOVERNORATE_WORDS[code]
        arabic = [w for w in words if not w.isascii()]
        english = [w for w in words if w.isascii()]
        if voice in ARABIC_VOICES and self.rng.random() < 0.7:
            return self.rng.choice(arabic)
        text = self.rng.choice(english)
        return text.upper() if voice == "export" else text

    def years(self, years: int, voice: str) -> int | str | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.05:
            return None
        if years == 0 and roll < 0.5:
            return rng.choice(("Fresher", "fresh graduate", "Nil", "no experience", "0"))
        if voice == "export":
            return rng.choice((years, f"{years}.0", f"{years:02d}"))
        if voice in ARABIC_VOICES:
            return rng.choice((f"{years} سنه", f"{years} سنين خبره", years))
        if voice == "sms":
            return rng.choice((f"{years}y", f"{years} yrs", f"{years}yr xp"))
        if roll < 0.3:
            return years
        if roll < 0.45 and years >= 2:
            home = rng.randint(1, years - 1)
            return f"{years} yrs ({home} India + {years - home} Oman)"
        if roll < 0.6 and years < len(NUMBERS_EN):
            return f"{NUMBERS_EN[years].capitalize()} ({years}) years"
        if roll < 0.75:
            return f"{years}+ yrs"
        return rng.choice((f"{years} Yrs Gulf exp.", f"{years} years", f"{years} yr(s)"))

    def willing(self, willing: bool, voice: str) -> str | None:
        rng = self.rng
        if willing:
            if voice in ARABIC_VOICES:
                return rng.choice(("مستعد انتقل", "أي مكان في عمان", "نعم"))
            return rng.choice(("Y", "Yes", "ready to relocate", "any location in Oman", "YES"))
        if rng.random() < 0.3:
            if voice in ARABIC_VOICES:
                return rng.choice(("لا", "نفس الولايه بس"))
            return rng.choice(("N", "No", "same area only", "NO"))
        return None


def _singular(title: str) -> str:
    """An ISCO title as one person: "Bricklayers and related workers" -> "Bricklayer",
    "Supply, distribution and related managers" -> "Supply manager"."""
    title = re.sub(r"\s*\([^)]*\)", "", title).removeprefix("Other ")
    head = re.split(r",| not elsewhere", title)[0].strip()
    before, _, _after = head.partition(" and ")
    if before.endswith("s") and before != head:
        head = before
    if not head.endswith("s"):
        head = f"{head} {title.split()[-1]}"
    words = head.split()
    last = words[-1]
    if last.endswith("s") and not last.endswith("ss"):
        words[-1] = last[:-3] + "y" if last.endswith("ies") else last[:-1]
    return " ".join(words)


def generate_dataset_h(
    *, vacancies: int, jobseekers: int, seed: int, taxonomy: Any = None
) -> Iterator[dict[str, Any]]:
    """The lines of a dataset in the eighth phrasing: vacancies, jobseekers, relevant pairs.
    `taxonomy` is accepted for the common signature and not read: the latent profiles come
    from the shipped files."""
    del taxonomy
    rng = random.Random(f"eighth:{seed}")  # noqa: S311 (synthetic data, reproducible by seed)
    clerk = _Clerk(rng)
    units, essential, optional = _units()
    every_skill = sorted(clerk.skills)
    governorates = list(GOVERNORATE_WEIGHTS)
    weights = list(GOVERNORATE_WEIGHTS.values())

    def clamp(rank: int) -> int:
        return max(0, min(6, rank))

    latent_vacancies: list[dict[str, Any]] = []
    for number in range(vacancies):
        code = rng.choice(units)
        pool = sorted(set(essential[code]) | set(optional.get(code, [])))
        wanted = rng.randint(3, 5)
        required = set(rng.sample(essential[code], min(len(essential[code]), wanted - 1)))
        while len(required) < min(wanted, len(pool)):
            required.add(rng.choice(pool))
        latent: dict[str, Any] = {
            "occupation": code,
            "skills": frozenset(required),
            "education": clamp(EDUCATION_BY_MAJOR[code[0]] + rng.choice((-2, -1, -1, 0, 0))),
            "years": rng.choice((0, 0, 1, 2, 2, 3, 5, 7)),
            "governorate": rng.choices(governorates, weights)[0],
        }
        latent_vacancies.append(latent)
        yield _render("vacancy", f"{PREFIX}-v{number}", latent, clerk)

    latent_jobseekers: list[dict[str, Any]] = []
    for number in range(jobseekers):
        vacancy = rng.choice(latent_vacancies) if rng.random() < 0.4 else None
        if vacancy is not None:
            code = vacancy["occupation"]
            home = vacancy["governorate"] if rng.random() < 0.75 else None
            skills = {s for s in sorted(vacancy["skills"]) if rng.random() < 0.8}
            education = vacancy["education"] + rng.choice((-1, 0, 0, 1, 1, 2))
            years = vacancy["years"] + rng.choice((-1, 0, 1, 2, 4))
        else:
            code = rng.choice(units)
            home = None
            skills = set()
            education = EDUCATION_BY_MAJOR[code[0]] + rng.choice((-1, 0, 0, 1))
            years = int(rng.expovariate(1 / 6))
        skills |= {s for s in essential[code] if rng.random() < 0.45}
        skills |= {s for s in optional.get(code, []) if rng.random() < 0.15}
        if rng.random() < 0.3:
            skills.add(rng.choice(every_skill))
        while len(skills) < 2:
            skills.add(rng.choice(every_skill))
        latent = {
            "occupation": code,
            "skills": frozenset(skills),
            "education": clamp(education),
            "years": max(0, min(35, years)),
            "governorate": home or rng.choices(governorates, weights)[0],
            "willing": rng.random() < 0.12,
        }
        latent_jobseekers.append(latent)
        yield _render("jobseeker", f"{PREFIX}-j{number}", latent, clerk)

    yield from phrasing.relevant_pairs(latent_vacancies, latent_jobseekers, prefix=PREFIX)


def _render(kind: str, identifier: str, latent: dict[str, Any], clerk: _Clerk) -> dict[str, Any]:
    rng = clerk.rng
    voice = rng.choices(VOICES, VOICE_WEIGHTS)[0]
    vacancy = kind == "vacancy"
    skills = [clerk.skill(code, voice, vacancy=vacancy) for code in sorted(latent["skills"])]
    rng.shuffle(skills)
    if voice == "export" and len(skills) >= 3 and rng.random() < 0.4:
        # two skills in one cell of the exported sheet
        first, second = skills.pop(), skills.pop()
        skills.append(f"{first.rstrip(';. ')} / {second}")
    line: dict[str, Any] = {"type": kind, "id": identifier, "skills": skills}
    jobseeker = kind == "jobseeker"
    values = {
        "isco": clerk.occupation(latent["occupation"], jobseeker=jobseeker, voice=voice),
        "education": clerk.education(latent["education"], voice),
        "governorate": clerk.governorate(latent["governorate"], voice),
        "years_experience": clerk.years(latent["years"], voice),
    }
    line.update({key: value for key, value in values.items() if value is not None})
    if jobseeker:
        willing = clerk.willing(latent["willing"], voice)
        if willing is not None:
            line["willing_to_relocate"] = willing
    return line
