resource "aws_kms_key" "model" {
  description         = "Endpoint storage"
  enable_key_rotation = true
}

resource "aws_kms_key" "stale" {
  description = "Created without rotation"
}

resource "aws_kms_alias" "model" {
  name          = "alias/model"
  target_key_id = aws_kms_key.model.key_id
}

# depends_on defers the read to apply, as it keeps the plan offline.
data "aws_kms_key" "shared" {
  key_id     = "alias/shared"
  depends_on = [aws_kms_key.model]
}

# A key ARN written out: set, checked by KMS only when live.
resource "aws_sagemaker_endpoint_configuration" "literal_key" {
  name        = "literal-key"
  kms_key_arn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  production_variants {
    variant_name           = "primary"
    model_name             = "model"
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }
}

resource "aws_sagemaker_endpoint_configuration" "no_key" {
  name = "no-key"

  production_variants {
    variant_name           = "primary"
    model_name             = "model"
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }
}

resource "aws_sagemaker_endpoint_configuration" "key_created_here" {
  name        = "key-created-here"
  kms_key_arn = aws_kms_key.model.arn

  production_variants {
    variant_name           = "primary"
    model_name             = "model"
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }
}

resource "aws_sagemaker_endpoint_configuration" "key_without_rotation" {
  name        = "key-without-rotation"
  kms_key_arn = aws_kms_key.stale.arn

  production_variants {
    variant_name           = "primary"
    model_name             = "model"
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }
}

resource "aws_sagemaker_endpoint_configuration" "alias" {
  name        = "alias"
  kms_key_arn = aws_kms_alias.model.arn

  production_variants {
    variant_name           = "primary"
    model_name             = "model"
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }
}

resource "aws_sagemaker_endpoint_configuration" "data_source_key" {
  name        = "data-source-key"
  kms_key_arn = data.aws_kms_key.shared.arn

  production_variants {
    variant_name           = "primary"
    model_name             = "model"
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }
}

# Local NVMe storage: AWS encrypts it with a hardware module; a kms_key_arn there is refused by SageMaker.
resource "aws_sagemaker_endpoint_configuration" "nvme" {
  name = "nvme"

  production_variants {
    variant_name           = "primary"
    model_name             = "model"
    initial_instance_count = 1
    instance_type          = "ml.g5.xlarge"
  }
}

resource "aws_sagemaker_endpoint_configuration" "serverless" {
  name = "serverless"

  production_variants {
    variant_name = "primary"
    model_name   = "model"
    serverless_config {
      max_concurrency   = 2
      memory_size_in_mb = 2048
    }
  }
}

resource "aws_sagemaker_endpoint_configuration" "shadow_without_key" {
  name        = "shadow-without-key"
  kms_key_arn = aws_kms_key.model.arn

  production_variants {
    variant_name           = "primary"
    model_name             = "model"
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }

  shadow_production_variants {
    variant_name           = "shadow"
    model_name             = "model"
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }
}

resource "aws_sagemaker_endpoint_configuration" "capture_without_key" {
  name        = "capture-without-key"
  kms_key_arn = aws_kms_key.model.arn

  production_variants {
    variant_name           = "primary"
    model_name             = "model"
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }

  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 50
    destination_s3_uri          = "s3://captures/model"

    capture_options {
      capture_mode = "Input"
    }
  }
}

resource "aws_sagemaker_endpoint_configuration" "async_with_keys" {
  name        = "async-with-keys"
  kms_key_arn = aws_kms_key.model.arn

  production_variants {
    variant_name           = "primary"
    model_name             = "model"
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }

  async_inference_config {
    output_config {
      s3_output_path = "s3://async/output"
      kms_key_id     = aws_kms_key.model.arn
    }
  }
}
