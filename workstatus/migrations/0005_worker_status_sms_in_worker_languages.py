"""The SMS to a worker whose code turned red is a message to a worker: it is marked so
(notifications' worker templates) and written in the workers' languages as well."""

from django.db import migrations

BODIES = {
    "hi": "श्रम सेवा पोर्टल पर आपका स्थिति कोड लाल है: काम पर न जाएँ। कारण: {reasons}। विवरण पोर्टल पर है।",
    "bn": "শ্রম সেবা পোর্টালে আপনার স্ট্যাটাস কোড লাল: কাজে যাবেন না। কারণ: {reasons}। বিস্তারিত পোর্টালে।",
    "ur": "لیبر سروسز پورٹل پر آپ کا اسٹیٹس کوڈ سرخ ہے: کام پر نہ جائیں۔ وجہ: {reasons}۔ تفصیلات پورٹل پر ہیں۔",
    "ml": "ലേബർ സർവീസസ് പോർട്ടലിൽ നിങ്ങളുടെ സ്റ്റാറ്റസ് കോഡ് ചുവപ്പാണ്: ജോലിക്ക് പോകരുത്. കാരണം: {reasons}. വിശദാംശങ്ങൾ പോർട്ടലിൽ.",
    "ta": "தொழிலாளர் சேவைகள் போர்ட்டலில் உங்கள் நிலைக் குறியீடு சிவப்பு: வேலைக்குச் செல்ல வேண்டாம். காரணம்: {reasons}. விவரங்கள் போர்ட்டலில் உள்ளன.",
    "fil": "Pula ang iyong status code sa Labour Services Portal: huwag pumasok sa trabaho. Dahilan: {reasons}. Nasa portal ang mga detalye.",
}


def forwards(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    SmsTemplate.objects.filter(code="worker_status_red").update(
        for_workers=True, worker_bodies=BODIES
    )


def backwards(apps, schema_editor):
    SmsTemplate = apps.get_model("notifications", "SmsTemplate")
    SmsTemplate.objects.filter(code="worker_status_red").update(for_workers=False, worker_bodies={})


class Migration(migrations.Migration):
    dependencies = [
        ("workstatus", "0004_status_table_indexes"),
        ("notifications", "0007_worker_languages"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
