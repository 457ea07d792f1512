from django import forms

from staff.models import StaffSettings


class StaffSettingsForm(forms.ModelForm):
    class Meta:
        model = StaffSettings
        fields = ["email_notifications", "language"]
