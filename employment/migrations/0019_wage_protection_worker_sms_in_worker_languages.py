"""The wage-protection warning to a worker is a message to a worker: it is marked so
(notifications' worker templates) and written in the workers' languages as well (it was sent
in English with a translated tag to a worker who reads Hindi, Bengali, Urdu, Malayalam, Tamil
or Filipino)."""

from django.db import migrations

BODIES = {
    "hi": "वेतन सुरक्षा प्रणाली के अनुसार {month} का आपका वेतन {employer} से पूरा और समय पर नहीं मिला। हमने आपके नियोक्ता को बता दिया है। आप पोर्टल पर अपने वेतन का विवरण देख सकते हैं और उस पर आपत्ति कर सकते हैं।",
    "bn": "মজুরি সুরক্ষা ব্যবস্থা অনুযায়ী {month} মাসের আপনার বেতন {employer} পুরো ও সময়মতো দেয়নি। আমরা আপনার নিয়োগকর্তাকে জানিয়েছি। পোর্টালে আপনি আপনার বেতনের বিবরণ দেখতে ও আপত্তি জানাতে পারেন।",
    "ur": "اجرت کے تحفظ کے نظام کے مطابق {month} کی آپ کی تنخواہ {employer} نے پوری اور وقت پر ادا نہیں کی۔ ہم نے آپ کے آجر کو بتا دیا ہے۔ آپ پورٹل پر اپنی تنخواہ کی تفصیل دیکھ سکتے ہیں اور اس پر اعتراض کر سکتے ہیں۔",
    "ml": "വേതന സംരക്ഷണ സംവിധാനം അനുസരിച്ച് {month} മാസത്തെ നിങ്ങളുടെ ശമ്പളം {employer} പൂർണ്ണമായും സമയത്തും നൽകിയിട്ടില്ല. ഞങ്ങൾ നിങ്ങളുടെ തൊഴിലുടമയെ അറിയിച്ചു. പോർട്ടലിൽ നിങ്ങളുടെ ശമ്പള വിവരങ്ങൾ കാണാനും തർക്കം ഉന്നയിക്കാനും കഴിയും.",
    "ta": "ஊதியப் பாதுகாப்பு அமைப்பின்படி {month} மாதத்திற்கான உங்கள் சம்பளத்தை {employer} முழுமையாகவும் உரிய நேரத்திலும் வழங்கவில்லை. உங்கள் முதலாளிக்குத் தெரிவித்துள்ளோம். போர்ட்டலில் உங்கள் சம்பள விவரங்களைப் பார்க்கவும் ஆட்சேபிக்கவும் முடியும்.",
    "fil": "Ayon sa wage protection system, hindi buo o hindi nasa oras na ibinayad ng {employer} ang iyong sahod para sa {month}. Sinabihan na namin ang iyong employer. Makikita mo at maaari mong tutulan ang iyong mga linya ng sahod sa portal.",
}


def forwards(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    SmsTemplate.objects.filter(code="wage_protection_warning_worker").update(
        for_workers=True, worker_bodies=BODIES
    )


def backwards(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    SmsTemplate.objects.filter(code="wage_protection_warning_worker").update(
        for_workers=False, worker_bodies={}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("employment", "0018_contract_by_civil_id"),
        ("notifications", "0007_worker_languages"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
