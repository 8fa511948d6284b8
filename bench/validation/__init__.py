"""The ranking checked against adoption in diffusion studies (bench/validate.py)."""
