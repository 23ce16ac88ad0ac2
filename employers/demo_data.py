"""Reference data for demo establishments and employees: real Omani governorates and ISIC
activities, and Omani and foreign names in Arabic and English."""

ACTIVITIES: list[tuple[str, str, str]] = [
    # (ISIC rev. 4 code, English, Arabic)
    ("0311", "Marine fishing", "صيد الأسماك البحرية"),
    ("0610", "Extraction of crude petroleum", "استخراج النفط الخام"),
    ("0810", "Quarrying of stone, sand and clay", "استغلال المحاجر والرمل والطين"),
    ("1071", "Manufacture of bakery products", "صناعة منتجات المخابز"),
    ("2394", "Manufacture of cement", "صناعة الأسمنت"),
    ("4100", "Construction of buildings", "تشييد المباني"),
    ("4520", "Maintenance and repair of motor vehicles", "صيانة وإصلاح المركبات"),
    ("4711", "Retail sale in non-specialized stores", "البيع بالتجزئة في المتاجر غير المتخصصة"),
    ("4923", "Freight transport by road", "نقل البضائع بالطرق"),
    ("5510", "Short term accommodation (hotels)", "أنشطة الإقامة القصيرة (الفنادق)"),
    ("5610", "Restaurants and mobile food service", "المطاعم وخدمات الطعام المتنقلة"),
    ("6201", "Computer programming", "أنشطة البرمجة الحاسوبية"),
    ("6419", "Other monetary intermediation (banks)", "الوساطة النقدية الأخرى (المصارف)"),
    ("6512", "Non-life insurance", "التأمين على غير الحياة"),
    ("8610", "Hospital activities", "أنشطة المستشفيات"),
    ("8510", "Pre-primary and primary education", "التعليم قبل الابتدائي والابتدائي"),
]

# Weighted towards Muscat and the Batinah coast, as the real register is.
GOVERNORATE_WEIGHTS: list[tuple[str, int]] = [
    ("muscat", 38),
    ("north_al_batinah", 14),
    ("south_al_batinah", 9),
    ("dhofar", 10),
    ("ad_dakhiliyah", 8),
    ("north_ash_sharqiyah", 5),
    ("south_ash_sharqiyah", 5),
    ("ad_dhahirah", 4),
    ("al_buraimi", 3),
    ("al_wusta", 2),
    ("musandam", 2),
]

TRADE_NAMES: list[tuple[str, str]] = [
    ("Al Noor", "النور"),
    ("Al Waha", "الواحة"),
    ("Sohar Star", "نجمة صحار"),
    ("Al Bahja", "البهجة"),
    ("Ras Al Hadd", "رأس الحد"),
    ("Jabal Akhdar", "الجبل الأخضر"),
    ("Al Mouj", "الموج"),
    ("Dhofar Gate", "بوابة ظفار"),
    ("Al Khuwair", "الخوير"),
    ("Nizwa Heritage", "تراث نزوى"),
    ("Sur Maritime", "صور البحرية"),
    ("Al Sawadi", "السوادي"),
    ("Barka Green", "بركاء الخضراء"),
    ("Qurum", "القرم"),
    ("Al Amerat", "العامرات"),
    ("Ibri Sands", "رمال عبري"),
    ("Masirah", "مصيرة"),
    ("Al Hajar", "الحجر"),
    ("Musandam Fjord", "خلجان مسندم"),
    ("Salalah Breeze", "نسيم صلالة"),
]

COMPANY_KINDS: list[tuple[str, str]] = [
    ("Trading LLC", "للتجارة ش.م.م"),
    ("Contracting LLC", "للمقاولات ش.م.م"),
    ("Services SAOC", "للخدمات ش.م.ع.م"),
    ("Enterprises", "للمشاريع"),
    ("Group LLC", "مجموعة ش.م.م"),
]

OMANI_GIVEN: list[tuple[str, str]] = [
    ("Ahmed", "أحمد"),
    ("Mohammed", "محمد"),
    ("Salim", "سالم"),
    ("Said", "سعيد"),
    ("Khalid", "خالد"),
    ("Hamed", "حامد"),
    ("Sultan", "سلطان"),
    ("Yousuf", "يوسف"),
    ("Nasser", "ناصر"),
    ("Talal", "طلال"),
    ("Fatma", "فاطمة"),
    ("Aisha", "عائشة"),
    ("Maryam", "مريم"),
    ("Shamsa", "شمسة"),
    ("Zainab", "زينب"),
    ("Muna", "منى"),
    ("Buthaina", "بثينة"),
    ("Huda", "هدى"),
    ("Asma", "أسماء"),
    ("Rahma", "رحمة"),
]

OMANI_FAMILY: list[tuple[str, str]] = [
    ("Al Balushi", "البلوشي"),
    ("Al Harthy", "الحارثي"),
    ("Al Busaidi", "البوسعيدي"),
    ("Al Rawahi", "الرواحي"),
    ("Al Hinai", "الهنائي"),
    ("Al Maskari", "المسكري"),
    ("Al Saadi", "السعدي"),
    ("Al Amri", "العامري"),
    ("Al Kindi", "الكندي"),
    ("Al Shukaili", "الشكيلي"),
    ("Al Mamari", "المعمري"),
    ("Al Riyami", "الريامي"),
    ("Al Zadjali", "الزدجالي"),
    ("Al Habsi", "الحبسي"),
    ("Al Farsi", "الفارسي"),
]

# nationality (ISO alpha-3), passport prefix, then (English, Arabic) full names
FOREIGN_NAMES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "IND": (
        "K",
        [
            ("Rajesh Kumar", "راجيش كومار"),
            ("Anil Nair", "أنيل ناير"),
            ("Suresh Pillai", "سوريش بيلاي"),
            ("Priya Menon", "بريا مينون"),
            ("Vijay Sharma", "فيجاي شارما"),
            ("Deepak Verma", "ديباك فيرما"),
        ],
    ),
    "BGD": (
        "B",
        [
            ("Mohammad Rahim", "محمد رحيم"),
            ("Abdul Karim", "عبد الكريم"),
            ("Shahidul Islam", "شهيد الإسلام"),
            ("Rafiqul Hasan", "رفيق الحسن"),
            ("Nazmul Hoque", "نظم الحق"),
        ],
    ),
    "PAK": (
        "A",
        [
            ("Imran Khan", "عمران خان"),
            ("Bilal Ahmed", "بلال أحمد"),
            ("Usman Ali", "عثمان علي"),
            ("Faisal Qureshi", "فيصل قريشي"),
        ],
    ),
    "EGY": (
        "E",
        [
            ("Mahmoud Hassan", "محمود حسن"),
            ("Mostafa Ibrahim", "مصطفى إبراهيم"),
            ("Amr Saleh", "عمرو صالح"),
        ],
    ),
    "PHL": (
        "P",
        [
            ("Maria Santos", "ماريا سانتوس"),
            ("Jose Reyes", "خوسيه رييس"),
            ("Ana Cruz", "آنا كروز"),
        ],
    ),
    "NPL": ("N", [("Ram Bahadur", "رام بهادور"), ("Sita Gurung", "سيتا غورونغ")]),
}

# ISCO-08 unit groups common on Oman's register, with the usual job level (1 top .. 4 operational)
OCCUPATIONS: list[tuple[str, int]] = [
    ("1120", 1),
    ("1211", 1),
    ("1324", 2),
    ("2411", 2),
    ("2512", 2),
    ("2142", 2),
    ("3115", 3),
    ("3313", 3),
    ("4110", 3),
    ("4311", 3),
    ("5120", 4),
    ("5223", 4),
    ("7112", 4),
    ("7126", 4),
    ("7231", 4),
    ("8322", 4),
    ("8332", 4),
    ("9313", 4),
    ("9112", 4),
]
