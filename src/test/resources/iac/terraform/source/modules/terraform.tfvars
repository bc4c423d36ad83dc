model_key_arn   = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
capture_key_arn = "replaced by prod.auto.tfvars"
