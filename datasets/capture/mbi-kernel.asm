; mbi-kernel.asm -- a tiny Multiboot2 kernel that dumps its Multiboot2
; information structure (MBI) to COM1 as hex and powers QEMU off.
;
; Written for kernel-sim's dataset of real GRUB-produced MBIs
; (datasets/mbi/). Reference: the Multiboot2 Specification, version 2.0,
; section 3.1 (OS image format) and 3.6 (boot information format).
;
; Build (see capture.sh):
;   nasm -f elf64 -o mbi-kernel.o mbi-kernel.asm
;   ld -m elf_x86_64 -T linker.ld -nostdlib --build-id=none -o mbi-kernel.elf mbi-kernel.o
;
; The image is an ELF64 (x86-64) file like Asterinas' kernel, but the entry
; code is 32-bit: GRUB enters a Multiboot2 kernel in 32-bit protected mode,
; paging off, EAX = 0x36d76289, EBX = physical address of the MBI (spec 3.3),
; under both BIOS and UEFI (when no EFI boot-services tag is present).
;
; The code is position independent (no absolute addresses, no stack, no data
; references) because the header carries a relocatable tag and GRUB may load
; the image anywhere in [min_addr, max_addr].
;
; Serial output, one item per line:
;   MBI-MAGIC <eax as 8 hex digits>
;   MBI-ADDR <ebx as 8 hex digits>
;   MBI-BEGIN
;   <the MBI's total_size bytes as lower-case hex, 32 bytes a line>
;   MBI-END
; then `out 0xf4, 0x10`: with -device isa-debug-exit,iobase=0xf4 QEMU exits
; with status (0x10 << 1) | 1 = 33.

MB2_MAGIC       equ 0xE85250D6
MB2_ARCH_I386   equ 0               ; 32-bit (protected mode) i386
COM1            equ 0x3F8
DEBUG_EXIT_PORT equ 0xF4
DEBUG_EXIT_CODE equ 0x10

; ---------------------------------------------------------------------------
; Multiboot2 header (spec 3.1.1): 8-byte aligned, within the first 32 KiB of
; the file; every tag 8-byte aligned.
; ---------------------------------------------------------------------------
section .multiboot2 progbits alloc noexec nowrite align=8
mb2_header_start:
    dd MB2_MAGIC
    dd MB2_ARCH_I386
    dd mb2_header_end - mb2_header_start
    dd 0x100000000 - (MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header_start))

    ; Information request tag (type 1, flags 0 = required): GRUB refuses to
    ; boot if it does not know a requested type. GRUB 2.06 supplies every tag
    ; it can regardless; the request documents what a real kernel asks for.
    align 8
.info_req:
    dw 1, 0
    dd .info_req_end - .info_req
    dd 1            ; boot command line
    dd 2            ; boot loader name
    dd 3            ; modules
    dd 4            ; basic memory information
    dd 5            ; BIOS boot device
    dd 6            ; memory map
    dd 7            ; VBE info
    dd 8            ; framebuffer info
    dd 9            ; ELF symbols (section headers)
    dd 10           ; APM table
    dd 12           ; EFI 64-bit system table pointer
    dd 14           ; ACPI old RSDP
    dd 15           ; ACPI new RSDP
    dd 17           ; EFI memory map
    dd 21           ; image load base physical address
.info_req_end:

    ; Module alignment tag (type 6): modules must be page aligned.
    align 8
.mod_align:
    dw 6, 0
    dd 8

    ; Framebuffer tag (type 5, flags 1 = optional): preferred mode
    ; 1024x768x32; GRUB sets a linear graphics mode if it can and reports it in
    ; MBI tag 8 (EGA text otherwise).
    align 8
.fb:
    dw 5, 1
    dd 20
    dd 1024         ; width
    dd 768          ; height
    dd 32           ; depth
    ; Relocatable header tag (type 10): the image may be loaded at any 2 MiB
    ; aligned address in [16 MiB, 1 GiB), preferring the lowest; GRUB then
    ; reports the chosen address in MBI tag 21 (image load base address).
    ; min_addr is above the 2 MiB link address on purpose, so that GRUB does
    ; relocate the image and tag 21 differs from the ELF's physical addresses.
    align 8
.reloc:
    dw 10, 0
    dd 24
    dd 0x01000000   ; min_addr
    dd 0x3FFFFFFF   ; max_addr
    dd 0x00200000   ; align
    dd 1            ; preference: 1 = lowest possible address

    ; End tag.
    align 8
    dw 0, 0
    dd 8
mb2_header_end:

; ---------------------------------------------------------------------------
; Output helpers (macros only: nothing here may depend on the load address
; and there is no stack).  Clobber AL and DX; PUTC prints BL.
; ---------------------------------------------------------------------------
%macro PUTC 0
    mov dx, COM1 + 5            ; line status register
%%wait:
    in al, dx
    test al, 0x20               ; transmitter holding register empty?
    jz %%wait
    mov dx, COM1
    mov al, bl
    out dx, al
%endmacro

%macro PUTCH 1                  ; print an immediate character
    mov bl, %1
    PUTC
%endmacro

%macro PUTS 1                   ; print an immediate string
%strlen %%len %1
%assign %%i 1
%rep %%len
%substr %%c %1 %%i
    PUTCH %%c
%assign %%i %%i+1
%endrep
%endmacro

%macro HEXNIB 0                 ; print the low nibble of BL in hex
    and bl, 0x0F
    add bl, '0'
    cmp bl, '9'
    jbe %%digit
    add bl, 'a' - '9' - 1
%%digit:
    PUTC
%endmacro

%macro HEX32 1                  ; print a 32-bit register (not EDI/ECX/EBX)
    mov edi, %1
    mov ecx, 8
%%next:
    rol edi, 4
    mov ebx, edi
    HEXNIB
    dec ecx
    jnz %%next
%endmacro

; ---------------------------------------------------------------------------
; Entry point (the ELF e_entry; GRUB adds the relocation offset).
; ---------------------------------------------------------------------------
section .text progbits alloc exec nowrite align=16
bits 32
global _start
_start:
    cli
    cld
    mov ebp, eax                ; Multiboot2 magic (0x36d76289)
    mov esi, ebx                ; MBI physical address

    PUTCH 13
    PUTCH 10
    PUTS "MBI-MAGIC "
    HEX32 ebp
    PUTCH 10
    PUTS "MBI-ADDR "
    HEX32 esi
    PUTCH 10
    PUTS "MBI-BEGIN"
    PUTCH 10

    xor edi, edi                ; byte index
.byte:
    cmp edi, [esi]              ; total_size (first u32 of the MBI)
    jae .done
    mov bh, [esi + edi]
    mov bl, bh
    shr bl, 4
    HEXNIB
    mov bl, bh
    HEXNIB
    inc edi
    test edi, 31
    jnz .byte
    PUTCH 10
    jmp .byte
.done:
    test edi, 31
    jz .end_line
    PUTCH 10
.end_line:
    PUTS "MBI-END"
    PUTCH 10

    mov dx, DEBUG_EXIT_PORT     ; QEMU isa-debug-exit: exit status 33
    mov al, DEBUG_EXIT_CODE
    out dx, al
.halt:                          ; not reached under QEMU with isa-debug-exit
    hlt
    jmp .halt

; A little data and bss so the ELF has the usual sections (reported in MBI
; tag 9, ELF sections); the code above does not use them.
section .rodata progbits alloc noexec nowrite align=8
ident: db "kernel-sim mbi-kernel", 0

section .data progbits alloc noexec write align=8
boot_counter: dq 0

section .bss nobits alloc noexec write align=4096
boot_stack: resb 4096

section .note.GNU-stack noalloc noexec nowrite progbits
