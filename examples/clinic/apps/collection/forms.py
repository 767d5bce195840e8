from django import forms


class AgentEnrollmentForm(forms.Form):
    name = forms.CharField(max_length=120)
    clinic = forms.CharField(max_length=120)
    base_url = forms.URLField()
    # ok: a form field named "password", not a password
    password = forms.CharField(widget=forms.PasswordInput, min_length=16, help_text="Shown once by the agent installer.")
