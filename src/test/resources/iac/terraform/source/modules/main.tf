locals {
  prefix    = "prod"
  model_key = var.model_key_arn
}

module "keys" {
  source = "./modules/keys"
}

# Encrypted with the key the caller passes.
module "inference" {
  source          = "./modules/inference"
  name            = "${local.prefix}-inference"
  kms_key_arn     = local.model_key
  capture_key_arn = var.capture_key_arn
  instance_type   = var.instance_type
}

# The same module called without a key.
module "unencrypted" {
  source        = "./modules/inference"
  name          = "${local.prefix}-unencrypted"
  kms_key_arn   = null
  instance_type = "ml.c5.large"
}

# A key from another module's output: known only when Terraform plans.
module "with_module_key" {
  source        = "./modules/inference"
  name          = "${local.prefix}-module-key"
  kms_key_arn   = module.keys.key_arn
  instance_type = "ml.m5.large"
}

resource "aws_sagemaker_endpoint_configuration" "replicas" {
  count       = var.replicas
  name        = "${local.prefix}-replica-${count.index}"
  kms_key_arn = local.model_key

  production_variants {
    variant_name           = "primary"
    model_name             = "model"
    initial_instance_count = 1
    instance_type          = var.instance_type
  }
}

resource "aws_sagemaker_endpoint_configuration" "per_team" {
  for_each = toset(["red", "blue"])
  name     = "${local.prefix}-${each.key}"

  production_variants {
    variant_name           = "primary"
    model_name             = "model"
    initial_instance_count = 1
    instance_type          = var.instance_type
  }
}
