from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from images.models import Image
from images.uploads import CheckedUpload, check_upload


class ImageForm(forms.ModelForm):
    """The library's upload and edit form: every new file is checked (images/uploads.py) before
    anything is stored; the admin keeps it for the worker, which cleans it (images/tasks.py).
    The form never sets the image's file itself: only a cleaned file is ever put there."""

    # A plain file field: the checks below give clearer messages than ImageField's.
    file = forms.FileField(
        label=_("file"),
        help_text=_(
            "JPEG, PNG, WebP or GIF. GPS and other metadata are removed when it is stored."
        ),
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

    checked_upload: CheckedUpload | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pending_upload or self.instance.processing_error:
            # The upload is with the worker (or failed there): the texts can be edited
            # meanwhile, and a new file may be chosen.
            self.fields["file"].required = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if isinstance(upload, UploadedFile):
            self.checked_upload = check_upload(upload)
        elif upload is False or (not upload and self.fields["file"].required):
            raise ValidationError(_("Choose a picture to upload."))
        return upload

    def clean(self):
        cleaned = super().clean() or {}
        cleaned.pop("file", None)  # the admin stores the upload (images/services.py)
        return cleaned
