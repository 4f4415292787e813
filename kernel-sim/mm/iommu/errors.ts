/**
 * The IOMMU driver's errors: `ContextTableError::InvalidDeviceId` and `IommuError` of 232e62b,
 * plus the model's refusals of bad input (each names the function and the value).
 * @module
 */
import { hex } from '../../machine/index.js';
import { KernelSimError } from '../../util/errors.js';
import { formatLocation, type PciDeviceLocation } from './pci-device-location.js';

/** `ContextTableError::InvalidDeviceId`: a location outside bus 0..=255, device 0..=31, function 0..=7. */
export class InvalidDeviceIdError extends KernelSimError {
  constructor(
    /** The function that refused, e.g. `RootTable::map`. */
    readonly fn: string,
    readonly location: PciDeviceLocation,
    /** The field out of range. */
    readonly field: 'bus' | 'device' | 'function',
  ) {
    super(`${fn}: InvalidDeviceId: ${field} ${location[field]} is out of range in ${formatLocation(location)}`);
  }
}

/** Why an IOMMU operation failed. */
export type IommuErrorKind = 'NoIommu' | 'ModificationError' | 'NotMapped' | 'AlreadyMapped' | 'InvalidDaddr';

/** `IommuError` (NoIommu, ModificationError) and the model's refusals of bad input. */
export class IommuError extends KernelSimError {
  constructor(
    readonly kind: IommuErrorKind,
    /** The function, e.g. `iommu::map`. */
    readonly fn: string,
    detail: string,
    /** The device address concerned, when there is one. */
    readonly daddr?: number,
  ) {
    super(`${fn}: ${kind}: ${detail}${daddr === undefined ? '' : ` (daddr ${hex(daddr)})`}`);
  }
}
