variable "model_key_arn" {
  description = "Set in terraform.tfvars"
  type        = string
}

variable "capture_key_arn" {
  description = "Set in prod.auto.tfvars, which overrides terraform.tfvars"
  type        = string
  default     = null
}

variable "instance_type" {
  type    = string
  default = "ml.m5.large"
}

variable "replicas" {
  type    = number
  default = 2
}
