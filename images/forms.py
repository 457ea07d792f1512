from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from images.models import Image
from images.uploads import ACCEPTED, CleanImage, clean_upload


class ImageForm(forms.ModelForm):
    """The library's upload and edit form: every new file is checked and cleaned
    (images/uploads.py) before anything is stored."""

    # A plain file field: the checks below give clearer messages than ImageField's.
    file = forms.FileField(
        help_text=f"{ACCEPTED}. GPS and other metadata are removed when it is stored.",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "focal_x", "focal_y"]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
        }

    cleaned_upload: CleanImage | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is False or upload is None:
            raise ValidationError("Choose a picture to upload.")
        if not isinstance(upload, UploadedFile):
            return upload  # the stored file, unchanged
        self.cleaned_upload = clean_upload(upload)
        return self.cleaned_upload.content
