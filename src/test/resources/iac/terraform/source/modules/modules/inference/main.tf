resource "aws_sagemaker_endpoint_configuration" "this" {
  name        = var.name
  kms_key_arn = var.kms_key_arn

  production_variants {
    variant_name           = "primary"
    model_name             = "model"
    initial_instance_count = 1
    instance_type          = var.instance_type
  }

  data_capture_config {
    enable_capture              = var.capture_key_arn != null
    initial_sampling_percentage = 10
    destination_s3_uri          = "s3://captures/${var.name}"
    kms_key_id                  = var.capture_key_arn

    capture_options {
      capture_mode = "Input"
    }
  }
}
